/*
 * image.c - generated landscape pictures; see image.h.
 *
 * A picture is made in two steps. scene_make() turns the seed into a
 * scene: time of day, season, where the horizon, the sun, the clouds, the
 * hills, the road and the houses are, and their colours (positions are
 * fractions of the picture, so one scene draws at any size). draw_scene()
 * then paints it back to front on an RGB canvas with a few flat-colour
 * primitives; no pixel gets noise, so long runs of equal bytes let zlib
 * shrink a 640x400 picture to some ten kilobytes.
 */
#include "demo/image.h"

#include <assert.h>
#include <math.h>
#include <png.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { MORNING, NOON, EVENING, TIME_COUNT };
enum { YOUNG_RICE, RIPENING, GOLDEN, SEASON_COUNT };

#define MAX_HOUSES 7
#define MAX_CLOUDS 4
#define HILL_LAYERS 3

struct rgb {
    int r, g, b;
};

struct house {
    double x;     /* centre, fraction of the width */
    double depth; /* 0 at the horizon, 1 at the bottom edge */
    struct rgb wall, roof;
    int tree_side; /* -1 tree on the left, 1 on the right, 0 none */
};

struct scene {
    int time_of_day, season;
    double horizon; /* fraction of the height */
    double vanish_x, road_bottom_x;
    int has_road;
    struct rgb sky_top, sky_bottom, sun;
    double sun_x, sun_y, sun_r;
    int cloud_count;
    double cloud_x[MAX_CLOUDS], cloud_y[MAX_CLOUDS], cloud_w[MAX_CLOUDS];
    struct rgb cloud;
    double hill_height[HILL_LAYERS], hill_freq[HILL_LAYERS][2], hill_phase[HILL_LAYERS][2];
    struct rgb hill[HILL_LAYERS];
    struct rgb field[3], dyke, road, road_line, verge, tree, trunk;
    int house_count;
    struct house houses[MAX_HOUSES];
};

/* splitmix64: small, fast and the same on every platform. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* A number in [0, 1). */
static double unit(uint64_t *state) { return (double)(next_random(state) >> 11) * 0x1.0p-53; }

static double between(uint64_t *state, double lo, double hi) { return lo + (hi - lo) * unit(state); }

static int below(uint64_t *state, int n) { return (int)(unit(state) * n); }

static int clamp_byte(int v) { return v < 0 ? 0 : v > 255 ? 255 : v; }

/* `base` moved by up to `spread` on each channel, so no two scenes share
 * exactly the same palette. */
static struct rgb vary(uint64_t *state, struct rgb base, int spread)
{
    struct rgb c = {
        clamp_byte(base.r + below(state, 2 * spread + 1) - spread),
        clamp_byte(base.g + below(state, 2 * spread + 1) - spread),
        clamp_byte(base.b + below(state, 2 * spread + 1) - spread),
    };
    return c;
}

static struct rgb mix(struct rgb a, struct rgb b, double t)
{
    struct rgb c = {
        (int)lround(a.r + (b.r - a.r) * t),
        (int)lround(a.g + (b.g - a.g) * t),
        (int)lround(a.b + (b.b - a.b) * t),
    };
    return c;
}

static void scene_make(unsigned seed, struct scene *s)
{
    static const struct rgb sky_tops[TIME_COUNT] = {{120, 170, 225}, {70, 140, 220}, {95, 90, 160}};
    static const struct rgb sky_bottoms[TIME_COUNT] = {{250, 215, 175}, {195, 225, 245}, {250, 160, 95}};
    static const struct rgb suns[TIME_COUNT] = {{255, 235, 170}, {255, 250, 220}, {255, 120, 60}};
    static const struct rgb fields[SEASON_COUNT][3] = {
        {{90, 170, 60}, {120, 190, 70}, {70, 150, 55}},
        {{150, 185, 60}, {175, 200, 80}, {125, 165, 55}},
        {{220, 180, 50}, {235, 200, 80}, {200, 160, 45}},
    };
    static const struct rgb walls[] = {{245, 240, 225}, {250, 230, 180}, {235, 235, 235}, {215, 225, 240}};
    static const struct rgb roofs[] = {{180, 60, 40}, {200, 85, 50}, {150, 50, 45}, {110, 90, 85}};

    uint64_t state = 0x6E6F6E67ull ^ ((uint64_t)seed << 20) ^ seed;
    memset(s, 0, sizeof *s);

    s->time_of_day = below(&state, TIME_COUNT);
    s->season = below(&state, SEASON_COUNT);
    s->horizon = between(&state, 0.42, 0.56);
    s->vanish_x = between(&state, 0.25, 0.75);
    s->road_bottom_x = between(&state, 0.3, 0.7);
    s->has_road = unit(&state) < 0.8;

    s->sky_top = vary(&state, sky_tops[s->time_of_day], 12);
    s->sky_bottom = vary(&state, sky_bottoms[s->time_of_day], 12);
    s->sun = suns[s->time_of_day];
    s->sun_x = between(&state, 0.1, 0.9);
    s->sun_y = s->time_of_day == NOON ? between(&state, 0.08, 0.2) : between(&state, 0.25, 0.38);
    s->sun_r = between(&state, 0.04, 0.07);

    s->cloud_count = 1 + below(&state, MAX_CLOUDS);
    s->cloud = mix(s->sky_bottom, (struct rgb){255, 255, 255}, 0.7);
    for (int i = 0; i < s->cloud_count; i++) {
        s->cloud_x[i] = between(&state, 0.05, 0.95);
        s->cloud_y[i] = between(&state, 0.06, 0.3);
        s->cloud_w[i] = between(&state, 0.06, 0.14);
    }

    struct rgb far_hill = mix(s->sky_bottom, (struct rgb){60, 100, 110}, 0.55);
    struct rgb near_hill = vary(&state, (struct rgb){45, 110, 60}, 15);
    for (int i = 0; i < HILL_LAYERS; i++) {
        double t = (double)i / (HILL_LAYERS - 1);
        s->hill[i] = mix(far_hill, near_hill, t);
        s->hill_height[i] = between(&state, 0.12, 0.22) * (1.0 - 0.45 * t);
        s->hill_freq[i][0] = between(&state, 3.0, 7.0);
        s->hill_freq[i][1] = between(&state, 9.0, 17.0);
        s->hill_phase[i][0] = between(&state, 0.0, 6.28);
        s->hill_phase[i][1] = between(&state, 0.0, 6.28);
    }

    for (int i = 0; i < 3; i++)
        s->field[i] = vary(&state, fields[s->season][i], 10);
    s->dyke = mix(s->field[0], (struct rgb){90, 70, 45}, 0.5);
    s->road = vary(&state, (struct rgb){150, 150, 145}, 10);
    s->road_line = (struct rgb){245, 245, 240};
    s->verge = mix(s->field[1], (struct rgb){60, 140, 50}, 0.5);
    s->tree = vary(&state, (struct rgb){40, 105, 45}, 12);
    s->trunk = (struct rgb){95, 65, 40};

    s->house_count = 2 + below(&state, MAX_HOUSES - 1);
    for (int i = 0; i < s->house_count; i++) {
        struct house *h = &s->houses[i];
        h->x = between(&state, 0.06, 0.94);
        h->depth = between(&state, 0.04, 0.3);
        h->wall = vary(&state, walls[below(&state, 4)], 6);
        h->roof = vary(&state, roofs[below(&state, 4)], 8);
        h->tree_side = below(&state, 3) - 1;
    }
    /* Far houses first, so near ones cover them. */
    for (int i = 1; i < s->house_count; i++)
        for (int j = i; j > 0 && s->houses[j - 1].depth > s->houses[j].depth; j--) {
            struct house tmp = s->houses[j];
            s->houses[j] = s->houses[j - 1];
            s->houses[j - 1] = tmp;
        }
}

/* --- drawing ----------------------------------------------------------------- */

struct canvas {
    unsigned char *p;
    int w, h;
};

static void fill_span(struct canvas *c, int y, int x0, int x1, struct rgb color)
{
    if (y < 0 || y >= c->h)
        return;
    if (x0 < 0)
        x0 = 0;
    if (x1 > c->w)
        x1 = c->w;
    unsigned char *p = c->p + ((size_t)y * (size_t)c->w + (size_t)(x0 > 0 ? x0 : 0)) * 3;
    for (int x = x0; x < x1; x++) {
        *p++ = (unsigned char)color.r;
        *p++ = (unsigned char)color.g;
        *p++ = (unsigned char)color.b;
    }
}

static void fill_rect(struct canvas *c, int x0, int y0, int x1, int y1, struct rgb color)
{
    for (int y = y0; y < y1; y++)
        fill_span(c, y, x0, x1, color);
}

static void fill_ellipse(struct canvas *c, double cx, double cy, double rx, double ry, struct rgb color)
{
    if (rx <= 0 || ry <= 0)
        return;
    for (int y = (int)floor(cy - ry); y <= (int)ceil(cy + ry); y++) {
        double dy = (y + 0.5 - cy) / ry;
        if (dy * dy > 1.0)
            continue;
        double half = rx * sqrt(1.0 - dy * dy);
        fill_span(c, y, (int)lround(cx - half), (int)lround(cx + half), color);
    }
}

/* A roof: a triangle with its base on y_base from x0 to x1 and its apex
 * `height` pixels above the middle of the base. */
static void fill_roof(struct canvas *c, double x0, double x1, double y_base, double height, struct rgb color)
{
    double mid = (x0 + x1) / 2;
    for (int y = (int)floor(y_base - height); y < (int)ceil(y_base); y++) {
        double t = (y_base - (y + 0.5)) / height; /* 0 at the base, 1 at the apex */
        if (t < 0 || t > 1)
            continue;
        double half = (x1 - x0) / 2 * (1 - t);
        fill_span(c, y, (int)lround(mid - half), (int)lround(mid + half), color);
    }
}

static void draw_sky(struct canvas *c, const struct scene *s, int horizon_px)
{
    for (int y = 0; y < horizon_px; y++)
        fill_span(c, y, 0, c->w, mix(s->sky_top, s->sky_bottom, (double)y / horizon_px));
    fill_ellipse(c, s->sun_x * c->w, s->sun_y * c->h, s->sun_r * c->h, s->sun_r * c->h, s->sun);
    for (int i = 0; i < s->cloud_count; i++) {
        double cx = s->cloud_x[i] * c->w, cy = s->cloud_y[i] * c->h, rw = s->cloud_w[i] * c->w;
        fill_ellipse(c, cx, cy, rw, rw * 0.28, s->cloud);
        fill_ellipse(c, cx - rw * 0.35, cy - rw * 0.12, rw * 0.45, rw * 0.3, s->cloud);
        fill_ellipse(c, cx + rw * 0.3, cy - rw * 0.18, rw * 0.4, rw * 0.32, s->cloud);
    }
}

static void draw_hills(struct canvas *c, const struct scene *s, int horizon_px)
{
    for (int layer = 0; layer < HILL_LAYERS; layer++) {
        for (int x = 0; x < c->w; x++) {
            double u = (double)x / c->w;
            double shape = 0.6 + 0.28 * sin(u * s->hill_freq[layer][0] + s->hill_phase[layer][0]) +
                           0.12 * sin(u * s->hill_freq[layer][1] + s->hill_phase[layer][1]);
            int top = (int)lround(horizon_px - s->hill_height[layer] * shape * c->h);
            for (int y = top; y < horizon_px; y++) {
                unsigned char *p = c->p + ((size_t)y * (size_t)c->w + (size_t)x) * 3;
                p[0] = (unsigned char)s->hill[layer].r;
                p[1] = (unsigned char)s->hill[layer].g;
                p[2] = (unsigned char)s->hill[layer].b;
            }
        }
    }
}

/* Rice fields in perspective: rows of paddies that get thinner towards the
 * horizon, split by dykes that run to the vanishing point, with the road
 * and its dashed centre line drawn over them. */
static void draw_fields(struct canvas *c, const struct scene *s, int horizon_px)
{
    double vanish = s->vanish_x * c->w, bottom = s->road_bottom_x * c->w;
    int depth_rows = c->h - horizon_px;
    for (int y = horizon_px; y < c->h; y++) {
        double t = (double)(y - horizon_px + 1) / depth_rows; /* (0, 1] */
        double distance = 3.0 / t;
        int band = (int)distance;
        /* Dykes only where a paddy is large enough to show one; near the
         * horizon they would turn into a moiré. */
        double band_rows = t * t * depth_rows / 3.0, column_px = t * c->w / 4.0, dyke_px = 1.0 + 2.5 * t;
        int band_dyke = band_rows >= 4.0 && distance - band < dyke_px / band_rows;
        double column_dyke = column_px >= 10.0 ? dyke_px / column_px : -1.0;
        double lateral_scale = 4.0 / (t * c->w);
        double road_centre = vanish + (bottom - vanish) * t;
        double road_half = c->w * (0.004 + 0.085 * t);
        unsigned char *p = c->p + (size_t)y * (size_t)c->w * 3;
        for (int x = 0; x < c->w; x++, p += 3) {
            double from_road = fabs(x + 0.5 - road_centre);
            struct rgb color;
            if (s->has_road && from_road < road_half) {
                int dash = band % 2 == 0 && from_road < road_half * 0.05 + 0.5;
                color = dash ? s->road_line : s->road;
            } else if (s->has_road && from_road < road_half * 1.15) {
                color = s->verge;
            } else {
                double lateral = (x + 0.5 - vanish) * lateral_scale + 1000.0;
                int column = (int)lateral;
                if (band_dyke || lateral - column < column_dyke)
                    color = s->dyke;
                else
                    color = s->field[(unsigned)(band * 7 + column * 3) % 3];
            }
            p[0] = (unsigned char)color.r;
            p[1] = (unsigned char)color.g;
            p[2] = (unsigned char)color.b;
        }
    }
}

static void draw_houses(struct canvas *c, const struct scene *s, int horizon_px)
{
    static const struct rgb door = {90, 60, 45};
    int depth_rows = c->h - horizon_px;
    for (int i = 0; i < s->house_count; i++) {
        const struct house *h = &s->houses[i];
        double base = horizon_px + h->depth * depth_rows;
        double size = c->h * (0.035 + 0.22 * h->depth);
        double cx = h->x * c->w;
        if (s->has_road) {
            /* Step off the road. */
            double road_centre = (s->vanish_x + (s->road_bottom_x - s->vanish_x) * h->depth) * c->w;
            double clear = c->w * (0.004 + 0.085 * h->depth) * 1.2 + size;
            if (fabs(cx - road_centre) < clear)
                cx = road_centre + (cx < road_centre ? -clear : clear);
        }
        double wall_w = size * 1.4, wall_h = size * 0.85;
        if (h->tree_side != 0) {
            double tx = cx + h->tree_side * (wall_w * 0.5 + size * 0.45);
            fill_rect(c, (int)lround(tx - size * 0.06), (int)lround(base - size * 0.7), (int)lround(tx + size * 0.06),
                      (int)lround(base), s->trunk);
            fill_ellipse(c, tx, base - size * 0.95, size * 0.42, size * 0.5, s->tree);
        }
        fill_rect(c, (int)lround(cx - wall_w / 2), (int)lround(base - wall_h), (int)lround(cx + wall_w / 2),
                  (int)lround(base), h->wall);
        fill_roof(c, cx - wall_w * 0.62, cx + wall_w * 0.62, base - wall_h, size * 0.6, h->roof);
        fill_rect(c, (int)lround(cx - size * 0.14), (int)lround(base - wall_h * 0.6), (int)lround(cx + size * 0.14),
                  (int)lround(base), door);
    }
}

static void draw_scene(struct canvas *c, const struct scene *s)
{
    int horizon_px = (int)lround(s->horizon * c->h);
    assert(horizon_px > 0 && horizon_px < c->h);
    draw_sky(c, s, horizon_px);
    draw_hills(c, s, horizon_px);
    draw_fields(c, s, horizon_px);
    draw_houses(c, s, horizon_px);
}

int demo_image_png(unsigned seed, int width, int height, unsigned char **png, size_t *len)
{
    if (width < DEMO_IMAGE_MIN_SIDE || width > DEMO_IMAGE_MAX_SIDE || height < DEMO_IMAGE_MIN_SIDE ||
        height > DEMO_IMAGE_MAX_SIDE)
        return -1;

    struct scene scene;
    scene_make(seed, &scene);
    struct canvas canvas = {calloc((size_t)width * (size_t)height, 3), width, height};
    if (!canvas.p)
        return -1;
    draw_scene(&canvas, &scene);

    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = (png_uint_32)width;
    image.height = (png_uint_32)height;
    image.format = PNG_FORMAT_RGB;
    png_alloc_size_t size = PNG_IMAGE_PNG_SIZE_MAX(image);
    unsigned char *out = malloc(size);
    if (!out || !png_image_write_to_memory(&image, out, &size, 0, canvas.p, 0, NULL)) {
        free(out);
        free(canvas.p);
        png_image_free(&image);
        return -1;
    }
    free(canvas.p);
    unsigned char *shrunk = realloc(out, size);
    *png = shrunk ? shrunk : out;
    *len = size;
    return 0;
}

void demo_image_alt(unsigned seed, struct buf *out)
{
    static const char *const times[TIME_COUNT] = {"buổi sáng", "giữa trưa", "lúc hoàng hôn"};
    static const char *const seasons[SEASON_COUNT] = {"xanh mướt", "đang trổ bông", "chín vàng"};
    static const char *const counts[MAX_HOUSES + 1] = {"", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy"};
    struct scene s;
    scene_make(seed, &s);
    buf_printf(out, "Tranh minh họa làng quê %s: cánh đồng lúa %s, ", times[s.time_of_day], seasons[s.season]);
    if (s.has_road)
        buf_puts(out, "con đường bê tông dẫn vào làng, ");
    buf_printf(out, "%s ngôi nhà mái ngói bên chân đồi.", counts[s.house_count]);
}
