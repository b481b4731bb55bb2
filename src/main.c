/*
 * main.c - the command line: init, serve, user, check, backup, restore, ntm.
 *
 * Every command checks its arguments first and says what is wrong in one
 * line on stderr: exit status 2 for a usage error, 1 for anything else
 * (an unwritable path, a port in use, a database from a newer dinh).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <getopt.h>
#include <signal.h>
#include <termios.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "about/about.h"
#include "activity/activity.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/oserr.h"
#include "demo/accounts.h"
#include "demo/activity_demo.h"
#include "demo/demo.h"
#include "demo/ntm_demo.h"
#include "docs/desk.h"
#include "docs/docs.h"
#include "feeds/feeds.h"
#include "http/router.h"
#include "http/server.h"
#include "media/files.h"
#include "media/media.h"
#include "news/desk.h"
#include "news/most_read.h"
#include "news/news.h"
#include "news/revisions.h"
#include "news/schedule.h"
#include "ntm/ntm.h"
#include "people/admin.h"
#include "people/people.h"
#include "portal/app.h"
#include "search/search.h"
#include "site/site.h"
#include "stats/counter.h"
#include "stats/page.h"
#include "stats/views.h"
#include "store/store.h"
#include "talk/talk.h"
#include "testhooks/testhooks.h"

#ifndef DINH_VERSION
#define DINH_VERSION "0.1.0"
#endif
#include "config.h" /* build/gen: DINH_STATIC_DIR from the Makefile's PREFIX */

static const char USAGE[] =
    "Cách dùng: dinh LỆNH [TÙY_CHỌN]\n"
    "\n"
    "Cổng thông tin điện tử của một cơ quan nhà nước Việt Nam.\n"
    "\n"
    "Các lệnh:\n"
    "  init     tạo cơ sở dữ liệu, hoặc nâng cấp lược đồ của cơ sở dữ liệu đã có;\n"
    "           --demo thêm nội dung mẫu\n"
    "  serve    phục vụ cổng thông tin qua HTTP/1.1 (đặt nginx phía trước để có TLS và HTTP/2)\n"
    "  user     quản lý tài khoản (Ban biên tập, Văn phòng Điều phối nông thôn mới):\n"
    "           add, passwd, list, lock, unlock, role\n"
    "  check    kiểm tra tệp cơ sở dữ liệu từng trang một (integrity_check của SQLite)\n"
    "  backup   sao lưu cơ sở dữ liệu đang chạy vào một tệp (bản sao nhất quán)\n"
    "  restore  đặt một bản sao lưu vào chỗ cơ sở dữ liệu (dừng máy chủ trước)\n"
    "  ntm      dữ liệu theo dõi nông thôn mới: nạp đơn vị hành chính và bộ tiêu chí,\n"
    "           nhập ranh giới từ GeoJSON\n"
    "\n"
    "Chạy `dinh LỆNH --help` để xem các tùy chọn của từng lệnh.\n";

static const char USAGE_INIT[] =
    "Cách dùng: dinh init --db PATH [--demo] [--articles N] [--seed N] [--ntm-scale province|national]\n"
    "\n"
    "Tạo cơ sở dữ liệu tại PATH, hoặc đưa cơ sở dữ liệu đã có lên lược đồ của phiên bản này\n"
    "(nội dung được giữ nguyên). Tệp đã có được kiểm tra trước (quick_check): tệp bị hỏng\n"
    "bị từ chối và được để nguyên.\n"
    "\n"
    "  --db PATH       tệp cơ sở dữ liệu SQLite (tạo mới nếu chưa có)\n"
    "  --demo          thêm nội dung mẫu sinh tự động vào một cơ sở dữ liệu còn trống\n"
    "  --articles N    nội dung mẫu có N bài viết (kéo theo --demo; mặc định 320;\n"
    "                  100000 để thử ở quy mô lớn)\n"
    "  --seed N        dùng với --demo: giá trị khởi tạo bộ sinh số ngẫu nhiên (mặc định 1)\n"
    "  --ntm-scale S   dùng với --demo: dữ liệu mẫu theo dõi nông thôn mới của tỉnh Hà Tĩnh\n"
    "                  (province, mặc định) hoặc thêm kết quả đánh giá của cả 3.321\n"
    "                  đơn vị hành chính cấp xã trong cả nước (national)\n"
    "\n"
    "Mỗi lần init đều nạp dữ liệu nông thôn mới đi kèm chương trình khi dữ liệu này khác với\n"
    "dữ liệu trong cơ sở dữ liệu: các bộ tiêu chí và các đơn vị hành chính (xem `dinh ntm`).\n"
    "Với --demo, mỗi vai trò (Ban biên tập và Văn phòng Điều phối nông thôn mới) có một\n"
    "tài khoản mẫu; tên đăng nhập và mật khẩu được in ra đầu ra chuẩn, một lần duy nhất;\n"
    "`dinh serve` chỉ chấp nhận các tài khoản này khi chạy với --demo-logins.\n"
    "  -h, --help      in hướng dẫn này\n";

static const char USAGE_SERVE[] =
    "Cách dùng: dinh serve --db PATH [TÙY_CHỌN]\n"
    "\n"
    "Phục vụ cổng thông tin cho đến khi nhận SIGTERM, SIGINT hoặc SIGHUP, rồi xử lý nốt\n"
    "các yêu cầu đang dở.\n"
    "\n"
    "  --db PATH              cơ sở dữ liệu do `dinh init` tạo\n"
    "  --listen ADDR:PORT     địa chỉ lắng nghe (mặc định 127.0.0.1:8080; cổng 0: tự chọn cổng trống)\n"
    "  --threads N            số luồng xử lý, mỗi luồng một vòng lặp sự kiện\n"
    "                         (mặc định: mỗi nhân CPU một luồng)\n"
    "  --base-url URL         địa chỉ công khai, dùng cho liên kết chuẩn (canonical) và nguồn tin RSS\n"
    "                         (mặc định http://127.0.0.1:PORT); không bao giờ lấy từ tiêu đề Host\n"
    "  --trusted-proxy ADDR   chỉ tin X-Forwarded-For khi yêu cầu đến từ địa chỉ này (nginx)\n"
    "  --request-timeout SEC  thời hạn (giây) cho cả một yêu cầu và cho kết nối keep-alive đang rảnh\n"
    "                         (mặc định 10)\n"
    "  --static DIR           thư mục tệp tĩnh đã dựng (mặc định: cạnh tệp chương trình, hoặc\n"
    "                         " DINH_STATIC_DIR ")\n"
    "  --port-file FILE       ghi số cổng đã mở vào FILE khi bắt đầu lắng nghe\n"
    "  --access-log           ghi nhật ký truy cập ra stderr, mỗi yêu cầu một dòng\n"
    "  --cache-mb N           dung lượng bộ nhớ đệm, tính bằng MiB (mặc định 8): ba phần tư cho\n"
    "                         trang trọn vẹn, một phần tư cho từng phần của trang (chẳng hạn một\n"
    "                         mục của trang chủ)\n"
    "  --body-budget-mb N     tổng dung lượng thân yêu cầu đang nhận cùng lúc, của mọi máy khách\n"
    "                         cộng lại (mặc định 256)\n"
    "  --no-cache             dựng lại mọi trang và mọi phần của trang (để đo thời gian dựng trang)\n"
    "  --no-page-cache        dựng lại mọi trang, vẫn giữ các phần của trang (để đo lần xem đầu\n"
    "                         tiên của một trang)\n"
    "  --stats-flush SEC      bao nhiêu giây thì ghi bộ đếm lượt truy cập vào cơ sở dữ liệu một lần\n"
    "                         (mặc định 60)\n"
    "  --idle-minutes N       phiên đăng nhập /quan-tri/ kết thúc sau N phút không thao tác\n"
    "                         (từ 2 đến 1440; mặc định 30)\n"
    "  --secure-cookies       gắn cờ Secure cho cookie đăng nhập cả khi --base-url không phải https\n"
    "                         (sau proxy có gửi X-Forwarded-Proto: https, cookie luôn có cờ Secure)\n"
    "  --demo-logins          chấp nhận các tài khoản mẫu do `dinh init --demo` tạo\n"
    "  --test-hooks           bật các đường dẫn /__test/ mà bộ kiểm thử dùng\n"
    "  -h, --help             in hướng dẫn này\n";

static const char USAGE_CHECK[] =
    "Cách dùng: dinh check --db PATH\n"
    "\n"
    "Đọc và kiểm tra mọi trang (page) của cơ sở dữ liệu (PRAGMA integrity_check).\n"
    "In \"ok\" và thoát với mã 0, hoặc nêu các lỗi và thoát với mã 1. Chỉ đọc, không ghi.\n"
    "\n"
    "  --db PATH    cơ sở dữ liệu\n"
    "  -h, --help   in hướng dẫn này\n";

static const char USAGE_NTM[] =
    "Cách dùng: dinh ntm load --db PATH [--units FILE [--valid-from DATE]] [--sets DIR] [--province CODE]\n"
    "           dinh ntm geojson --db PATH [--tolerance DEG] [--csv FILE] DIR\n"
    "\n"
    "Dữ liệu tham chiếu của hệ thống theo dõi nông thôn mới (NTM).\n"
    "\n"
    "load     nạp các bộ tiêu chí và đơn vị hành chính đi kèm chương trình (như `dinh init`),\n"
    "         hoặc, với --units, các đơn vị hành chính trong một tệp CSV\n"
    "         (code,province,kind,name,slug; có hiệu lực từ ngày DATE, mặc định 2025-07-01)\n"
    "         và, với --sets, các bộ tiêu chí trong một thư mục chứa sets.csv, criteria.csv,\n"
    "         indicators.csv và targets.csv (theo định dạng của data/ntm/, xem\n"
    "         data/ntm/README.md). Nạp lại thì chỉ những gì khác đi mới được thay đổi; kết quả\n"
    "         đánh giá theo một bộ tiêu chí có mức yêu cầu thay đổi được tính lại.\n"
    "         --province CODE chọn tỉnh, thành phố có các xã, phường được Văn phòng theo dõi\n"
    "         (mã đơn vị hành chính, ví dụ 42 là Hà Tĩnh; Văn phòng cũng chọn được ở trang\n"
    "         /quan-tri/nong-thon-moi/van-phong/don-vi/).\n"
    "geojson  nhập ranh giới từ các tệp .geojson trong DIR và các thư mục con (mỗi tệp một\n"
    "         FeatureCollection hoặc Feature, id của feature là mã đơn vị), đơn giản hóa một lần\n"
    "         tại đây (Douglas-Peucker với dung sai DEG độ, mặc định 0.0012, trên tọa độ đã làm\n"
    "         tròn đến 1e-4 độ); --csv ghi thêm các hình đã đơn giản hóa vào FILE, theo dạng\n"
    "         của data/ntm/ha-tinh-shapes.csv.\n"
    "  -h, --help   in hướng dẫn này\n";

static const char USAGE_RESTORE[] =
    "Cách dùng: dinh restore --from FILE --db PATH\n"
    "\n"
    "Kiểm tra bản sao lưu FILE từng trang một, rồi chép nó vào chỗ cơ sở dữ liệu PATH\n"
    "trong một bước (backup API của SQLite). Hãy dừng `dinh serve` trước: cơ sở dữ liệu\n"
    "đang được tiến trình khác mở sẽ bị từ chối trước khi chép bất cứ thứ gì. Bản sao lưu\n"
    "do một phiên bản dinh cũ hơn tạo được khôi phục nguyên trạng; sau đó `dinh init`\n"
    "nâng cấp nó lên phiên bản lược đồ hiện hành.\n"
    "\n"
    "  --from FILE  bản sao lưu do `dinh backup` tạo\n"
    "  --db PATH    cơ sở dữ liệu cần thay (tạo mới nếu chưa có)\n"
    "  -h, --help   in hướng dẫn này\n";

static const char USAGE_BACKUP[] =
    "Cách dùng: dinh backup --db PATH --to FILE\n"
    "\n"
    "Chép cơ sở dữ liệu vào FILE bằng online backup API của SQLite: bản sao nhất quán\n"
    "ngay cả khi `dinh serve` đang ghi. Cơ sở dữ liệu bị hỏng (PRAGMA quick_check)\n"
    "thì không được chép: FILE được giữ nguyên như cũ.\n"
    "\n"
    "  --db PATH    cơ sở dữ liệu\n"
    "  --to FILE    bản sao lưu cần ghi (ghi đè nếu tệp đã có)\n"
    "  -h, --help   in hướng dẫn này\n";

static const char USAGE_USER[] =
    "Cách dùng: dinh user THAO_TÁC --db PATH [--login NAME] [TÙY_CHỌN]\n"
    "\n"
    "Quản lý tài khoản của Ban biên tập và Văn phòng Điều phối nông thôn mới (/quan-tri/).\n"
    "Mật khẩu được đọc từ đầu vào chuẩn (trên terminal: hỏi hai lần, không hiện ký tự gõ),\n"
    "không bao giờ từ dòng lệnh. Mật khẩu phải có ít nhất 10 ký tự và không được là một\n"
    "mật khẩu phổ biến.\n"
    "\n"
    "Thao tác:\n"
    "  add      thêm tài khoản: --login NAME --role ROLE [--name \"Họ và tên\"]\n"
    "  passwd   đặt mật khẩu mới (kết thúc các phiên đăng nhập của tài khoản)\n"
    "  list     liệt kê các tài khoản (với --login: chỉ tài khoản đó)\n"
    "  lock     khóa tài khoản (kết thúc các phiên đăng nhập của tài khoản)\n"
    "  unlock   mở khóa tài khoản, kể cả khi bị tạm khóa vì đăng nhập sai quá nhiều lần\n"
    "  role     đổi vai trò: --role ROLE (kết thúc các phiên đăng nhập của tài khoản)\n"
    "\n"
    "Vai trò: admin (quản trị), chief (trưởng ban biên tập), editor (biên tập viên),\n"
    "contributor (cộng tác viên); cho hệ thống theo dõi nông thôn mới, không có quyền nào\n"
    "ở Ban biên tập: ntm_office (Văn phòng Điều phối), ntm_department (cán bộ sở, ngành:\n"
    "sở, ngành của tài khoản được đặt tại /quan-tri/nong-thon-moi/van-phong/tai-khoan/) và\n"
    "ntm_reporter (cán bộ xã: các xã của tài khoản cũng được đặt tại đó).\n"
    "\n"
    "  --db PATH      cơ sở dữ liệu\n"
    "  --login NAME   tên đăng nhập của tài khoản\n"
    "  --role ROLE    dùng với add và role\n"
    "  --name TEXT    dùng với add: họ tên hiển thị trong trang quản trị\n"
    "  -h, --help     in hướng dẫn này\n";

static int usage_error(const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "dinh %s: ", cmd);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (xem dinh %s --help)\n", cmd);
    return 2;
}

static bool parse_int(const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* getopt_long with our messages instead of getopt's, and without its
 * abbreviations: "--port 8081" would otherwise be taken for --port-file
 * and serve on the default port. */
static int next_option(int argc, char **argv, const struct option *opts, const char *cmd, int *err)
{
    opterr = 0;
    int index = -1;
    int c = getopt_long(argc, argv, ":h", opts, &index);
    if (index >= 0 && c != '?' && c != ':') {
        const char *token = argv[optind - 1];
        if (optarg == token && optind >= 2)
            token = argv[optind - 2]; /* the value came as the next argument */
        size_t n = strcspn(token + 2, "=");
        if (strncmp(token, "--", 2) != 0 || strlen(opts[index].name) != n || strncmp(token + 2, opts[index].name, n)) {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(n + 2), token);
            *err = usage_error(cmd, "không có tùy chọn %s", name);
            return '?';
        }
    }
    if (c == '?') {
        *err = usage_error(cmd, "không có tùy chọn %s", argv[optind - 1]);
    } else if (c == ':') {
        *err = usage_error(cmd, "tùy chọn %s cần một giá trị", argv[optind - 1]);
    }
    return c;
}

static int cmd_init(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"demo", no_argument, NULL, 'D'},
                                         {"articles", required_argument, NULL, 'a'},
                                         {"seed", required_argument, NULL, 's'},
                                         {"ntm-scale", required_argument, NULL, 'n'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = NULL;
    bool demo = false, ntm_national = false, ntm_scale = false, seeded = false;
    long articles = 320, seed = 1;
    int c, err = 0;
    while ((c = next_option(argc, argv, opts, "init", &err)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'D': demo = true; break;
        case 'a':
            if (!parse_int(optarg, 1, 5000000, &articles))
                return usage_error("init", "--articles cần một số từ 1 đến 5000000, không phải %s", optarg);
            demo = true;
            break;
        case 's':
            if (!parse_int(optarg, 0, UINT_MAX / 2, &seed))
                return usage_error("init", "--seed cần một số, không phải %s", optarg);
            seeded = true;
            break;
        case 'n':
            if (strcmp(optarg, "national") && strcmp(optarg, "province"))
                return usage_error("init", "--ntm-scale cần province hoặc national, không phải %s", optarg);
            ntm_national = !strcmp(optarg, "national");
            ntm_scale = true;
            break;
        case 'h': fputs(USAGE_INIT, stdout); return 0;
        default: return err;
        }
    }
    if (optind < argc)
        return usage_error("init", "thừa tham số %s", argv[optind]);
    if (!db)
        return usage_error("init", "%s", "cần có --db PATH");
    if (ntm_scale && !demo)
        return usage_error("init", "%s", "--ntm-scale chỉ dùng cùng --demo");
    if (seeded && !demo)
        return usage_error("init", "%s", "--seed chỉ dùng cùng --demo");

    struct store_conn conn;
    char msg[512];
    long check_ms = 0;
    /* A database made here that could not be filled (a full disk) is
     * removed again: what is left is either whole or absent. */
    struct stat before;
    bool made_here = stat(db, &before) != 0; /* an empty file the operator made is theirs */
    bool fresh = made_here || before.st_size == 0;
    if (store_open_checked(&conn, db, STORE_CREATE, &check_ms, msg, sizeof msg) != 0) {
        fprintf(stderr, "dinh init: %s\n", msg);
        struct stat now;
        if (made_here && stat(db, &now) == 0 && S_ISREG(now.st_mode) && now.st_size == 0)
            store_remove_files(db); /* nothing was written: no empty file left behind */
        return 1;
    }
    int applied;
    if (store_migrate(&conn, &applied, msg, sizeof msg) != 0) {
        fprintf(stderr, "dinh init: %s\n", msg);
        store_close(&conn);
        if (fresh) {
            store_remove_files(db);
            fprintf(stderr, "dinh init: đã xóa tệp %s vừa tạo dở\n", db);
        }
        return 1;
    }
    fprintf(stderr, "dinh init: %s đang ở phiên bản lược đồ %d (đã áp dụng %d bước nâng cấp; kiểm tra mất %ld ms)\n",
            db, store_schema_version(), applied, check_ms);
    int rc = 0;
    int filled;
    if (news_search_text_fill(&conn, &filled) != 0) {
        fprintf(stderr, "dinh init: chưa điền được văn bản tìm kiếm của các bài viết cũ (hãy chạy lại init)\n");
        rc = 1;
    } else if (filled) {
        fprintf(stderr, "dinh init: đã điền văn bản tìm kiếm cho %d bài viết cũ\n", filled);
    }
    if (activity_uses_fill(&conn) != 0) {
        fprintf(stderr, "dinh init: chưa ghi được việc các lớp tập huấn dùng các tệp tài liệu của mình (hãy chạy "
                        "lại init)\n");
        rc = 1;
    }
    if (ntm_load_builtin(&conn, msg, sizeof msg) != 0) {
        fprintf(stderr, "dinh init: chưa nạp được dữ liệu nông thôn mới: %s\n", msg);
        rc = 1;
    }
    int64_t reporter_id = 0, department_id = 0;
    if (demo && rc == 0) {
        struct demo_options o = {.articles = (int)articles, .seed = (unsigned)seed, .now = clock_now()};
        if (demo_fill(&conn, &o, msg, sizeof msg) != 0) {
            fprintf(stderr, "dinh init: chưa thêm được nội dung mẫu: %s\n", msg);
            rc = 1;
        } else {
            fprintf(stderr, "dinh init: đã thêm nội dung mẫu (%ld bài viết)\n", articles);
            struct demo_login logins[DEMO_ACCOUNTS];
            if (demo_accounts_add(&conn, o.now, logins, msg, sizeof msg) != 0) {
                fprintf(stderr, "dinh init: chưa thêm được các tài khoản mẫu: %s\n", msg);
                rc = 1;
            } else {
                printf("Tài khoản mẫu (/quan-tri/), chỉ dùng được khi chạy `dinh serve --demo-logins`:\n");
                for (int i = 0; i < DEMO_ACCOUNTS; i++) {
                    printf("  %-12s %-16s %s\n", logins[i].login, logins[i].password,
                           people_role_title(logins[i].role));
                    if (logins[i].role == ROLE_NTM_REPORTER)
                        reporter_id = logins[i].id;
                    if (logins[i].role == ROLE_NTM_DEPARTMENT)
                        department_id = logins[i].id;
                }
                fflush(stdout);
                sodium_memzero(logins, sizeof logins);
            }
        }
        if (rc == 0) {
            if (demo_fill_ntm(&conn, (unsigned)seed, o.now, ntm_national, msg, sizeof msg) != 0) {
                fprintf(stderr, "dinh init: chưa thêm được dữ liệu mẫu nông thôn mới: %s\n", msg);
                rc = 1;
            } else if (demo_ntm_scopes(&conn, reporter_id, department_id, msg, sizeof msg) != 0) {
                fprintf(stderr, "dinh init: chưa gán được xã và sở, ngành cho các tài khoản mẫu nông thôn mới: %s\n",
                        msg);
                rc = 1;
            } else if (demo_fill_activities(&conn, o.now, msg, sizeof msg) != 0) {
                fprintf(stderr, "dinh init: chưa thêm được các hoạt động mẫu của Văn phòng Điều phối: %s\n", msg);
                rc = 1;
            } else
                fprintf(stderr, "dinh init: đã thêm dữ liệu mẫu nông thôn mới (%s)\n",
                        ntm_national ? "Hà Tĩnh và mọi đơn vị hành chính cấp xã trong cả nước" : "Hà Tĩnh");
        }
    }
    /* A bulk fill, or a migration that rebuilt an index, leaves each
     * search index in many segments, and every word is then looked up in
     * each: merge them once. */
    if (rc == 0 && (demo || applied > 0) &&
        (news_index_optimize(&conn, msg, sizeof msg) != 0 || docs_index_optimize(&conn, msg, sizeof msg) != 0))
        fprintf(stderr, "dinh init: chưa tối ưu được các chỉ mục tìm kiếm: %s\n", msg);
    store_close(&conn);
    if (rc != 0 && fresh) {
        store_remove_files(db);
        fprintf(stderr, "dinh init: đã xóa tệp %s vừa tạo dở\n", db);
    }
    return rc;
}

/* The built static files: next to the binary when run from the source
 * tree (build/dinh + build/static), otherwise the installed folder. */
static const char *default_static_dir(char *buf, size_t len)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            for (int up = 0; up < 2; up++) {
                snprintf(buf, len, "%s/static", exe);
                struct stat st;
                if (stat(buf, &st) == 0 && S_ISDIR(st.st_mode))
                    return buf;
                snprintf(buf, len, "%s/build/static", exe);
                if (stat(buf, &st) == 0 && S_ISDIR(st.st_mode))
                    return buf;
                slash = strrchr(exe, '/'); /* build/san/dinh -> build */
                if (!slash)
                    break;
                *slash = '\0';
            }
        }
    }
    return DINH_STATIC_DIR;
}

/* The live part of every page's sidebar, spliced into cached pages at
 * send time: "Tin xem nhiều" as the scheduler last drew it, then the
 * visitor counter. */
static void render_live(struct buf *out, struct arena *a)
{
    news_most_read_render(out);
    stats_render_live(out, a);
}


/* --base-url: http:// or https://, a host (letters, digits, '-' and '.',
 * or an address in brackets), an optional port from 1 to 65535, then a
 * path with no space or control: it goes into canonical links, the feeds
 * and the sitemaps as it is ("http://" or "https://exa mple.com" made
 * links no one can follow). */
static bool base_url_ok(const char *u)
{
    size_t scheme = !strncmp(u, "http://", 7) ? 7 : !strncmp(u, "https://", 8) ? 8 : 0;
    if (!scheme)
        return false;
    const char *p = u + scheme, *host = p;
    if (*p == '[') {
        for (p++; isxdigit((unsigned char)*p) || *p == ':' || *p == '.'; p++)
            ;
        if (*p++ != ']' || p - host < 4) /* "[::1]" at the least */
            return false;
    } else {
        while (isalnum((unsigned char)*p) || *p == '-' || *p == '.')
            p++;
        if (p == host || *host == '.' || *host == '-')
            return false;
    }
    if (*p == ':') {
        long port = 0;
        const char *digits = ++p;
        while (isdigit((unsigned char)*p) && p - digits < 6)
            port = port * 10 + (*p++ - '0');
        if (p == digits || port < 1 || port > 65535)
            return false;
    }
    if (*p && *p != '/')
        return false;
    for (; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7f)
            return false;
    return true;
}
static int cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"listen", required_argument, NULL, 'l'},
                                         {"threads", required_argument, NULL, 't'},
                                         {"base-url", required_argument, NULL, 'b'},
                                         {"trusted-proxy", required_argument, NULL, 'p'},
                                         {"request-timeout", required_argument, NULL, 'r'},
                                         {"static", required_argument, NULL, 's'},
                                         {"port-file", required_argument, NULL, 'P'},
                                         {"access-log", no_argument, NULL, 'A'},
                                         {"cache-mb", required_argument, NULL, 'c'},
                                         {"body-budget-mb", required_argument, NULL, 'B'},
                                         {"no-cache", no_argument, NULL, 'C'},
                                         {"no-page-cache", no_argument, NULL, 'N'},
                                         {"test-hooks", no_argument, NULL, 'T'},
                                         {"stats-flush", required_argument, NULL, 'S'},
                                         {"idle-minutes", required_argument, NULL, 'I'},
                                         {"secure-cookies", no_argument, NULL, 'K'},
                                         {"demo-logins", no_argument, NULL, 'L'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    char static_buf[PATH_MAX + 32];
    struct http_config cfg = {
        .listen = "127.0.0.1:8080",
        .request_timeout_ms = 10000,
        .cache_bytes = 8u << 20,
        .body_budget = 256u << 20,
        .live_interval_ms = 3000,
        .hooks = &portal_hooks,
    };
    const char *base_url = NULL;
    int c, err = 0;
    long v;
    int stats_flush_ms = 60000;
    struct people_config people = {.idle_seconds = 1800};
    while ((c = next_option(argc, argv, opts, "serve", &err)) != -1) {
        switch (c) {
        case 'd': cfg.db_path = optarg; break;
        case 'l': cfg.listen = optarg; break;
        case 't':
            if (!parse_int(optarg, 1, 64, &v))
                return usage_error("serve", "--threads cần một số từ 1 đến 64, không phải %s", optarg);
            cfg.threads = (int)v;
            break;
        case 'b':
            if (!base_url_ok(optarg))
                return usage_error("serve",
                                   "--base-url phải là http:// hoặc https:// rồi tên máy (và cổng, đường dẫn nếu có), "
                                   "ví dụ https://ntm.hatinh.gov.vn, không phải %s",
                                   optarg);
            base_url = optarg;
            break;
        case 'p': {
            /* a numeric address (nginx's, usually 127.0.0.1) or localhost:
             * anything else is a usage error, as every other bad value */
            unsigned char addr[16];
            if (strcasecmp(optarg, "localhost") && inet_pton(AF_INET, optarg, addr) != 1 &&
                inet_pton(AF_INET6, optarg, addr) != 1)
                return usage_error("serve", "--trusted-proxy cần một địa chỉ dạng số (như 127.0.0.1) hoặc localhost, "
                                   "không phải %s",
                                   optarg);
            cfg.trusted_proxy = optarg;
            break;
        }
        case 'r': {
            char *end;
            double sec = strtod(optarg, &end);
            if (end == optarg || *end || !(sec >= 0.05 && sec <= 3600)) /* NaN too */
                return usage_error("serve", "--request-timeout cần số giây từ 0.05 đến 3600, không phải %s", optarg);
            cfg.request_timeout_ms = (int)(sec * 1000);
            break;
        }
        case 's': cfg.static_dir = optarg; break;
        case 'P': cfg.port_file = optarg; break;
        case 'A': cfg.access_log = true; break;
        case 'c':
            if (!parse_int(optarg, 1, 65536, &v))
                return usage_error("serve", "--cache-mb cần một số từ 1 đến 65536, không phải %s", optarg);
            cfg.cache_bytes = (size_t)v << 20;
            break;
        case 'B':
            if (!parse_int(optarg, 1, 65536, &v))
                return usage_error("serve", "--body-budget-mb cần một số từ 1 đến 65536, không phải %s", optarg);
            cfg.body_budget = (size_t)v << 20;
            break;
        case 'C': cfg.cache_off = true; break;
        case 'N': cfg.page_cache_off = true; break;
        case 'T': cfg.test_hooks = true; break;
        case 'S': {
            char *end;
            double sec = strtod(optarg, &end);
            if (end == optarg || *end || !(sec >= 0.05 && sec <= 86400))
                return usage_error("serve", "--stats-flush cần số giây từ 0.05 đến 86400, không phải %s", optarg);
            stats_flush_ms = (int)(sec * 1000);
            break;
        }
        case 'I':
            if (!parse_int(optarg, 2, 1440, &v))
                return usage_error("serve", "--idle-minutes cần một số từ 2 đến 1440, không phải %s", optarg);
            people.idle_seconds = (int)v * 60;
            break;
        case 'K': people.secure_cookies = true; break;
        case 'L': people.demo_logins = true; break;
        case 'h': fputs(USAGE_SERVE, stdout); return 0;
        default: return err;
        }
    }
    if (optind < argc)
        return usage_error("serve", "thừa tham số %s", argv[optind]);
    if (!cfg.db_path)
        return usage_error("serve", "%s", "cần có --db PATH");
    char host[256];
    int port;
    if (http_parse_listen(cfg.listen, host, sizeof host, &port) != 0)
        return usage_error("serve", "--listen cần dạng ADDR:PORT, không phải %s", cfg.listen);
    if (!cfg.static_dir)
        cfg.static_dir = default_static_dir(static_buf, sizeof static_buf);
    /* Before SQLite is first used (sqlite3_config is refused after): no
     * global memory statistics, which take a mutex on every allocation of
     * every thread. One malloc arena per core, not eight: the threads
     * allocate little and resident memory is part of what an agency pays
     * for. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    mallopt(M_ARENA_MAX, 2);
    char msg[512];
    if (store_check_path(cfg.db_path, STORE_READ_WRITE, msg, sizeof msg) != 0) {
        if (access(cfg.db_path, F_OK) != 0 && *cfg.db_path)
            fprintf(stderr,
                    "dinh serve: không tìm thấy cơ sở dữ liệu %s (tạo bằng `dinh init --db %s`; thêm --demo chỉ khi "
                    "dùng thử, để có bài viết và tài khoản mẫu)\n",
                    cfg.db_path, cfg.db_path);
        else
            fprintf(stderr, "dinh serve: %s\n", msg);
        return 1;
    }
    /* One server per database: each keeps its pages and pieces of pages,
     * and its own writes reach only its own caches, so a second server on
     * the same file would serve what the first changed late, or never. The
     * lock (flock, apart from SQLite's own fcntl locks) goes with the
     * process, whatever way it ends. */
    int held = open(cfg.db_path, O_RDONLY | O_CLOEXEC);
    if (held >= 0 && flock(held, LOCK_EX | LOCK_NB) != 0) {
        fprintf(stderr, "dinh serve: cơ sở dữ liệu %s đang được một dinh serve khác dùng; hãy dừng nó trước (hai "
                        "máy chủ trên cùng một tệp sẽ không thấy thay đổi của nhau)\n",
                cfg.db_path);
        close(held);
        return 1;
    }
    /* The file is checked once before anything serves from it: a damaged
     * database stops the start with the problem named. */
    struct store_conn check;
    long check_ms = 0;
    if (store_open_checked(&check, cfg.db_path, STORE_READ_WRITE, &check_ms, msg, sizeof msg) != 0) {
        fprintf(stderr, "dinh serve: %s\n", msg);
        return 1;
    }
    /* Before any thread reads a table a migration adds. */
    int current = store_require_current(&check, cfg.db_path, msg, sizeof msg);
    store_close(&check);
    if (current != 0) {
        fprintf(stderr, "dinh serve: %s\n", msg);
        return 1;
    }
    char base[300];
    if (!base_url) {
        snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
        base_url = base; /* port 0: not known before binding; tests pass --base-url */
    }
    portal_configure(&(struct portal_config){.db_path = cfg.db_path, .base_url = base_url, .identify = people_identify,
                                                 .admin_error = people_error_page});
    people_configure(&people);
    portal_hooks.render_live = render_live;
    portal_hooks.on_visit = stats_visit;
    stats_views_set_writer(STATS_ITEM_ARTICLE, news_article_add_views);
    stats_views_set_writer(STATS_ITEM_DOCUMENT, docs_document_add_views);

    /* SIGTERM, SIGINT and SIGHUP (the terminal of a `make run` closing) are
     * taken by the server's main thread alone: block them before any
     * thread (the counter's flusher first) exists. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    struct sigaction hup;
    if (sigaction(SIGHUP, NULL, &hup) == 0 && hup.sa_handler != SIG_IGN) /* under nohup it stays ignored */
        sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);


    if (check_ms >= 1000) /* a start that waits should say why */
        log_info("database %s checked in %ld ms", cfg.db_path, check_ms);
    if (stats_start(cfg.db_path, stats_flush_ms, msg, sizeof msg) != 0) {
        fprintf(stderr, "dinh serve: %s\n", msg);
        return 1;
    }
    if (news_scheduler_start(cfg.db_path, 5000, msg, sizeof msg) != 0) {
        stats_stop();
        fprintf(stderr, "dinh serve: %s\n", msg);
        return 1;
    }
    cfg.files_dir = media_files_start(cfg.db_path);
    cfg.files_prefix = MEDIA_PREFIX;
    cfg.files_types = media_files_types();
    site_init();
    media_register();
    news_register();
    docs_register();
    portal_register();
    people_register();
    people_settings_register();
    site_admin_register();
    talk_register();
    news_desk_register();
    news_revisions_register();
    docs_desk_register();
    search_register();
    stats_register();
    feeds_register();
    about_register();
    ntm_register();
    ntm_excel_register();
    activity_register();
    ntm_entry_register();
    ntm_office_register();
    testhooks_register();
    /* Writes by `dinh ntm load` and the like, run beside the server, drop
     * what the caches keep within a second. */
    if (store_watch_start(cfg.db_path, 1000, msg, sizeof msg) != 0) {
        news_scheduler_stop();
        stats_stop();
        fprintf(stderr, "dinh serve: %s\n", msg);
        return 1;
    }
    int rc = http_serve(&cfg, msg, sizeof msg);
    store_watch_stop();
    news_scheduler_stop();
    stats_stop(); /* the last flush: nothing counted is lost on a clean stop */
    media_shutdown();
    if (rc != 0) {
        fprintf(stderr, "dinh serve: %s\n", msg);
        return 1;
    }
    return 0;
}

/* Reads one line from standard input into buf, without its line end.
 * On a terminal the line is read without echo, after `prompt`. */
static bool read_secret_line(const char *prompt, char *buf, size_t len)
{
    bool tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty) {
        fputs(prompt, stderr);
        fflush(stderr);
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    bool ok = fgets(buf, (int)len, stdin) != NULL;
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (!ok)
        return false;
    size_t n = strlen(buf);
    if (n == len - 1 && buf[n - 1] != '\n')
        return false; /* longer than the buffer */
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    return true;
}

/* The new password of `login`, from standard input, checked and hashed. */
static int read_new_password(const char *login, char hash[128])
{
    char pw[PEOPLE_PASSWORD_MAX + 2], again[PEOPLE_PASSWORD_MAX + 2];
    if (!read_secret_line("Mật khẩu mới: ", pw, sizeof pw)) {
        fprintf(stderr, "dinh user: không có mật khẩu ở đầu vào chuẩn (hoặc mật khẩu dài quá %d byte)\n",
                PEOPLE_PASSWORD_MAX);
        return -1;
    }
    if (isatty(STDIN_FILENO)) {
        if (!read_secret_line("Nhập lại mật khẩu: ", again, sizeof again) || strcmp(pw, again) != 0) {
            fprintf(stderr, "dinh user: hai lần nhập mật khẩu không khớp nhau\n");
            return -1;
        }
    }
    const char *problem = people_password_problem(str_cstr(login), str_cstr(pw));
    if (problem) {
        fprintf(stderr, "dinh user: %s\n", problem);
        sodium_memzero(pw, sizeof pw);
        return -1;
    }
    int rc = people_password_hash(str_cstr(pw), hash);
    sodium_memzero(pw, sizeof pw);
    sodium_memzero(again, sizeof again);
    if (rc != 0)
        fprintf(stderr, "dinh user: không băm được mật khẩu (hết bộ nhớ)\n");
    return rc;
}

/* Prints s and pads it with spaces to `width` columns and one more, as
 * printf's "%-*s " would if it counted characters rather than bytes: a
 * Vietnamese letter in NFC is one column and two or three bytes. */
static void put_column(const char *s, int width)
{
    int cols = 0;
    for (const char *p = s; *p; p++)
        cols += ((unsigned char)*p & 0xc0) != 0x80;
    fputs(s, stdout);
    printf("%*s", (width > cols ? width - cols : 0) + 1, "");
}

static int cmd_user(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"login", required_argument, NULL, 'l'},
                                         {"role", required_argument, NULL, 'r'},
                                         {"name", required_argument, NULL, 'n'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        fputs(USAGE_USER, stdout);
        return 0;
    }
    if (argc < 2 || argv[1][0] == '-')
        return usage_error("user", "%s", "cần một thao tác: add, passwd, list, lock, unlock hoặc role");
    const char *action = argv[1];
    static const char *const actions[] = {"add", "passwd", "list", "lock", "unlock", "role"};
    bool known = false;
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        known = known || !strcmp(action, actions[i]);
    if (!known)
        return usage_error("user", "không có thao tác %s", action);
    argv[1] = argv[0];
    argc--;
    argv++;
    const char *db = NULL, *login = NULL, *role_s = NULL, *name = NULL;
    int c, err = 0;
    while ((c = next_option(argc, argv, opts, "user", &err)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'l': login = optarg; break;
        case 'r': role_s = optarg; break;
        case 'n': name = optarg; break;
        case 'h': fputs(USAGE_USER, stdout); return 0;
        default: return err;
        }
    }
    if (optind < argc)
        return usage_error("user", "thừa tham số %s", argv[optind]);
    if (!db)
        return usage_error("user", "%s", "cần có --db PATH");
    bool list = !strcmp(action, "list");
    if (!list && !login)
        return usage_error("user", "%s", "cần có --login NAME");
    bool wants_role = !strcmp(action, "add") || !strcmp(action, "role");
    enum people_role role = role_s ? people_role_parse(str_cstr(role_s)) : ROLE_NONE;
    if (wants_role && !role_s)
        return usage_error("user", "%s",
                           "cần có --role (admin, chief, editor, contributor, ntm_office, ntm_department hoặc "
                           "ntm_reporter)");
    if (wants_role && role == ROLE_NONE)
        return usage_error("user",
                           "--role cần admin, chief, editor, contributor, ntm_office, ntm_department hoặc "
                           "ntm_reporter, không phải %s",
                           role_s);
    if (!wants_role && role_s)
        return usage_error("user", "%s", "--role chỉ dùng với add và role");
    if (name && strcmp(action, "add"))
        return usage_error("user", "%s", "--name chỉ dùng với add");
    if (!name)
        name = "";

    struct store_conn conn;
    char msg[512];
    long check_ms;
    /* a damaged file is refused before an account is written into it, as
     * init and serve refuse it (a quick_check: about a second at 100,000
     * articles) */
    if ((list ? store_open(&conn, db, STORE_READ_WRITE, msg, sizeof msg)
              : store_open_checked(&conn, db, STORE_READ_WRITE, &check_ms, msg, sizeof msg)) != 0) {
        fprintf(stderr, "dinh user: %s\n", msg);
        return 1;
    }
    if (store_require_current(&conn, db, msg, sizeof msg) != 0) {
        fprintf(stderr, "dinh user: %s\n", msg);
        store_close(&conn);
        return 1;
    }
    struct arena a;
    arena_init(&a, 4096);
    int64_t now = clock_now();
    int rc = 1;
    if (list) {
        struct people_user *users;
        size_t n;
        if (people_user_list(&conn, &a, &users, &n) == 0) {
            /* --login narrows the list to that account (1 when there is none) */
            put_column("Tên đăng nhập", 24);
            put_column("Vai trò", 15);
            put_column("Trạng thái", 15);
            puts("Họ tên");
            size_t shown = 0;
            for (size_t i = 0; i < n; i++) {
                const struct people_user *u = &users[i];
                /* names are one account whatever their case, as for add and lock */
                if (login && (u->login.n != strlen(login) || strncasecmp(u->login.p, login, u->login.n) != 0))
                    continue;
                /* locked by an administrator, or for a while after too many failed logins */
                const char *state = u->locked ? "đã khóa" : u->locked_until > now ? "tạm khóa" : "đang hoạt động";
                printf("%-24.*s %-15s ", (int)u->login.n, u->login.p, people_role_code(u->role));
                put_column(state, 15);
                printf("%.*s%s\n", (int)u->name.n, u->name.p, u->demo ? " (tài khoản mẫu)" : "");
                shown++;
            }
            rc = login && !shown ? 1 : 0;
            if (rc)
                fprintf(stderr, "dinh user: không có tài khoản %s\n", login);
        }
        goto done;
    }
    struct people_user u;
    int found = people_user_by_login(&conn, &a, str_cstr(login), &u);
    if (found < 0)
        goto done;
    if (!strcmp(action, "add")) {
        if (found) {
            fprintf(stderr, "dinh user: tài khoản %s đã tồn tại\n", login);
            goto done;
        }
        const char *problem = people_login_problem(str_cstr(login));
        if (problem) {
            fprintf(stderr, "dinh user: %s\n", problem);
            goto done;
        }
        char hash[128];
        if (read_new_password(login, hash) != 0)
            goto done;
        int64_t id;
        struct people_new_user nu = {.login = str_cstr(login), .name = str_cstr(name), .role = role, .pw_hash = hash};
        /* the account and its audit entry: one write, both or neither */
        if (store_write_begin(&conn) != 0)
            goto done;
        int w = people_user_add(&conn, &nu, now, &id, &problem);
        if (w == 0 && people_audit(&conn, now, 0, STR("(dòng lệnh)"), STR("local"), "user_add", str_cstr(login),
                                   str_cstr(people_role_code(role))) != 0)
            w = -1;
        w = store_write_finish(&conn, w);
        if (w == 0) {
            fprintf(stderr, "dinh user: đã thêm tài khoản %s (%s)\n", login, people_role_code(role));
            rc = 0;
        } else if (problem) {
            fprintf(stderr, "dinh user: %s\n", problem);
        }
        goto done;
    }
    if (!found) {
        fprintf(stderr, "dinh user: không có tài khoản %s\n", login);
        goto done;
    }
    int w = -1;
    const char *what = action;
    char hash[128];
    if (!strcmp(action, "passwd") && read_new_password(login, hash) != 0)
        goto done;
    /* the change and its audit entry: one write, both or neither */
    if (store_write_begin(&conn) != 0)
        goto done;
    if (!strcmp(action, "passwd")) {
        w = people_user_set_password(&conn, u.id, hash, now);
        what = "password_set";
    } else if (!strcmp(action, "lock")) {
        w = people_user_set_locked(&conn, u.id, true);
        what = "user_lock";
    } else if (!strcmp(action, "unlock")) {
        w = people_user_set_locked(&conn, u.id, false);
        what = "user_unlock";
    } else if (!strcmp(action, "role")) {
        w = people_user_set_role(&conn, u.id, role);
        what = "role_change";
    }
    if (w == 0 && people_audit(&conn, now, 0, STR("(dòng lệnh)"), STR("local"), what, u.login,
                               role_s ? str_cstr(role_s) : STR("")) != 0)
        w = -1;
    w = store_write_finish(&conn, w);
    if (w == 0) {
        if (!strcmp(action, "passwd"))
            fprintf(stderr, "dinh user: đã đặt mật khẩu mới cho %s\n", login);
        else if (!strcmp(action, "role"))
            fprintf(stderr, "dinh user: đã đổi vai trò của %s thành %s\n", login, role_s);
        else
            fprintf(stderr, "dinh user: đã %s tài khoản %s\n", !strcmp(action, "lock") ? "khóa" : "mở khóa", login);
        rc = 0;
    }
done:
    if (rc != 0 && store_failed(&conn)) {
        const char *words = store_failure_words(&conn);
        if (words)
            fprintf(stderr, "dinh user: cơ sở dữ liệu không nhận thay đổi: %s\n", words);
        else
            fprintf(stderr, "dinh user: cơ sở dữ liệu không nhận thay đổi (xem thông báo ở trên)\n");
    }
    arena_free(&a);
    store_close(&conn);
    return rc;
}

static int cmd_backup(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"to", required_argument, NULL, 't'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = NULL, *to = NULL;
    int c, err = 0;
    while ((c = next_option(argc, argv, opts, "backup", &err)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 't': to = optarg; break;
        case 'h': fputs(USAGE_BACKUP, stdout); return 0;
        default: return err;
        }
    }
    if (optind < argc)
        return usage_error("backup", "thừa tham số %s", argv[optind]);
    if (!db || !to)
        return usage_error("backup", "%s", "cần có --db PATH và --to FILE");
    if (!*to)
        return usage_error("backup", "%s", "--to để trống: hãy ghi tên tệp sao lưu");
    struct store_conn conn;
    char msg[512];
    if (store_open(&conn, db, STORE_READ_ONLY, msg, sizeof msg) != 0) {
        fprintf(stderr, "dinh backup: %s\n", msg);
        return 1;
    }
    /* a damaged file copies as damaged, and only a restore would tell:
     * nothing is written then (a quick_check: about a second at 100,000
     * articles) */
    if (store_check(&conn, false, msg, sizeof msg) != 0) {
        store_close(&conn);
        fprintf(stderr, "dinh backup: %s: %s; không có bản sao lưu nào được ghi. `dinh check --db %s` liệt kê "
                        "các lỗi.\n", db, msg, db);
        return 1;
    }
    int rc = store_backup(&conn, to, msg, sizeof msg);
    store_close(&conn);
    if (rc != 0) {
        fprintf(stderr, "dinh backup: %s\n", msg);
        return 1;
    }
    fprintf(stderr, "dinh backup: đã chép %s sang %s\n", db, to);
    return 0;
}

static int cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = NULL;
    int c, err = 0;
    while ((c = next_option(argc, argv, opts, "check", &err)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'h': fputs(USAGE_CHECK, stdout); return 0;
        default: return err;
        }
    }
    if (optind < argc)
        return usage_error("check", "thừa tham số %s", argv[optind]);
    if (!db)
        return usage_error("check", "%s", "cần có --db PATH");
    struct store_conn conn;
    char msg[2048];
    if (store_open(&conn, db, STORE_READ_ONLY, msg, sizeof msg) != 0) {
        fprintf(stderr, "dinh check: %s\n", msg);
        return 1;
    }
    int64_t t0 = clock_now_ms();
    int rc = store_check(&conn, true, msg, sizeof msg);
    int64_t ms = clock_now_ms() - t0;
    store_close(&conn);
    if (rc != 0) {
        fprintf(stderr, "dinh check: %s: %s\n", db, msg);
        return 1;
    }
    printf("ok\n");
    fprintf(stderr, "dinh check: %s nguyên vẹn, không có lỗi (integrity_check mất %lld ms)\n", db, (long long)ms);
    return 0;
}

static int cmd_restore(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"from", required_argument, NULL, 'f'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = NULL, *from = NULL;
    int c, err = 0;
    while ((c = next_option(argc, argv, opts, "restore", &err)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'f': from = optarg; break;
        case 'h': fputs(USAGE_RESTORE, stdout); return 0;
        default: return err;
        }
    }
    if (optind < argc)
        return usage_error("restore", "thừa tham số %s", argv[optind]);
    if (!db || !from)
        return usage_error("restore", "%s", "cần có --from FILE và --db PATH");
    if (!*from)
        return usage_error("restore", "%s", "--from để trống: hãy ghi tên tệp sao lưu");
    struct store_conn src;
    char msg[2048];
    if (store_open(&src, from, STORE_READ_ONLY, msg, sizeof msg) != 0) {
        fprintf(stderr, "dinh restore: %s\n", msg);
        return 1;
    }
    int have = store_db_version(&src);
    if (store_check(&src, true, msg, sizeof msg) != 0 || have < 1 || have > store_schema_version()) {
        if (have > store_schema_version())
            snprintf(msg, sizeof msg, "bản sao lưu có phiên bản lược đồ %d, mới hơn phiên bản của dinh này (%d)",
                     have, store_schema_version());
        else if (have < 1)
            snprintf(msg, sizeof msg, "đây không phải cơ sở dữ liệu do dinh tạo");
        fprintf(stderr, "dinh restore: không khôi phục được từ %s: %s\n", from, msg);
        store_close(&src);
        return 1;
    }
    int rc = store_backup(&src, db, msg, sizeof msg);
    store_close(&src);
    if (rc != 0) {
        fprintf(stderr, "dinh restore: %s\n", msg);
        return 1;
    }
    fprintf(stderr, "dinh restore: đã khôi phục %s từ %s\n", db, from);
    if (have < store_schema_version()) /* a backup made by an older dinh: serve would ask for this */
        fprintf(stderr, "dinh restore: bản sao lưu có phiên bản lược đồ %d, cũ hơn phiên bản %d của dinh này: hãy "
                        "chạy `dinh init --db %s` để nâng cấp trước khi phục vụ\n",
                have, store_schema_version(), db);
    return 0;
}

/* Reads a whole file (at most 64 MiB) into b. 0, or -1 with errno. */
static int read_file_into(const char *path, struct buf *b)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b->n + got > (64u << 20)) {
            fclose(f);
            errno = EFBIG;
            return -1;
        }
        buf_append(b, chunk, got);
    }
    int bad = ferror(f);
    fclose(f);
    return bad ? -1 : 0;
}

static int cmd_ntm(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("ntm", "%s", "cần một thao tác: load hoặc geojson");
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fputs(USAGE_NTM, stdout);
        return 0;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "load") && strcmp(sub, "geojson"))
        return usage_error("ntm", "không có lệnh con %s (load hoặc geojson)", sub);
    argv[1] = argv[0];
    argc--;
    argv++;
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"units", required_argument, NULL, 'u'},
                                         {"valid-from", required_argument, NULL, 'v'},
                                         {"sets", required_argument, NULL, 'S'},
                                         {"tolerance", required_argument, NULL, 't'},
                                         {"csv", required_argument, NULL, 'c'},
                                         {"province", required_argument, NULL, 'p'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = NULL, *units = NULL, *valid_from = NULL, *sets = NULL, *csv = NULL, *province = NULL;
    double tolerance = NTM_GEO_TOLERANCE;
    int c, err = 0;
    while ((c = next_option(argc, argv, opts, "ntm", &err)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'u': units = optarg; break;
        case 'v': valid_from = optarg; break;
        case 'S': sets = optarg; break;
        case 'c': csv = optarg; break;
        case 'p': province = optarg; break;
        case 't': {
            char *end;
            tolerance = strtod(optarg, &end);
            if (end == optarg || *end || !(tolerance >= 0 && tolerance <= 1))
                return usage_error("ntm", "--tolerance cần số độ từ 0 đến 1, không phải %s", optarg);
            break;
        }
        case 'h': fputs(USAGE_NTM, stdout); return 0;
        default: return err;
        }
    }
    bool geojson = !strcmp(sub, "geojson");
    if (!db)
        return usage_error("ntm", "%s", "cần có --db PATH");
    if (geojson ? optind != argc - 1 : optind < argc)
        return usage_error("ntm", "%s", geojson ? "geojson cần đúng một thư mục" : "load không nhận tham số nào");
    if (!geojson && (csv || tolerance != NTM_GEO_TOLERANCE))
        return usage_error("ntm", "%s", "--csv và --tolerance chỉ dùng với geojson");
    if (geojson && (units || valid_from || sets || province))
        return usage_error("ntm", "%s", "--units, --valid-from, --sets và --province chỉ dùng với load");
    /* the date is that of the units' file: alone it would be silently ignored */
    if (valid_from && !units)
        return usage_error("ntm", "%s",
                           "--valid-from chỉ dùng cùng --units FILE (ngày các đơn vị trong tệp có hiệu lực)");
    if (!valid_from)
        valid_from = NTM_UNITS_VALID_FROM;

    struct store_conn conn;
    char msg[512];
    long check_ms;
    if (store_open_checked(&conn, db, STORE_READ_WRITE, &check_ms, msg, sizeof msg) != 0) {
        fprintf(stderr, "dinh ntm: %s\n", msg);
        return 1;
    }
    if (store_require_current(&conn, db, msg, sizeof msg) != 0) {
        fprintf(stderr, "dinh ntm: %s\n", msg);
        store_close(&conn);
        return 1;
    }
    int rc = 0, count = 0;
    if (geojson) {
        struct buf out = {0};
        /* the CSV's place is tried before the shapes are written: a command
         * that fails changes nothing (opened to append, so that a file
         * already there is not emptied by a failure either) */
        struct stat seen;
        bool made = csv && stat(csv, &seen) != 0;
        FILE *f = csv ? fopen(csv, "ab") : NULL;
        if (csv && (!f || fstat(fileno(f), &seen) != 0 || !S_ISREG(seen.st_mode))) {
            snprintf(msg, sizeof msg, "không ghi được %s: %s", csv, f ? "không phải là một tệp" : os_error_words(errno));
            if (f)
                fclose(f);
            fprintf(stderr, "dinh ntm: %s; không có gì được nhập\n", msg);
            store_close(&conn);
            return 1;
        }
        rc = ntm_geojson_import(&conn, argv[optind], tolerance, csv ? &out : NULL, &count, msg, sizeof msg);
        if (f) {
            if (rc == 0 && (ftruncate(fileno(f), 0) != 0 || fwrite(out.p, 1, out.n, f) != out.n)) {
                snprintf(msg, sizeof msg, "không ghi được %s: %s", csv, os_error_words(errno));
                rc = -1;
            }
            if (fclose(f) != 0 && rc == 0) {
                snprintf(msg, sizeof msg, "không ghi được %s: %s", csv, os_error_words(errno));
                rc = -1;
            }
            if (rc != 0 && made)
                unlink(csv);
        }
        buf_free(&out);
        if (rc == 0 && count == 0) {
            /* nothing to show for it: said, and not called a success */
            snprintf(msg, sizeof msg,
                     "không nhập được ranh giới nào từ %s: không tệp nào trong đó có đa giác (ít nhất 3 điểm khác "
                     "nhau) của một đơn vị có trong cơ sở dữ liệu, theo mã đơn vị",
                     argv[optind]);
            rc = -1;
        }
        if (rc == 0)
            fprintf(stderr, "dinh ntm: đã nhập %d ranh giới từ %s\n", count, argv[optind]);
    } else if (!units && !sets) {
        rc = ntm_load_builtin(&conn, msg, sizeof msg);
        if (rc == 0)
            fprintf(stderr, "dinh ntm: đã nạp các bộ tiêu chí và đơn vị hành chính đi kèm chương trình\n");
    } else {
        if (units) {
            struct buf text = {0};
            if (read_file_into(units, &text) != 0) {
                snprintf(msg, sizeof msg, "không đọc được %s: %s", units, os_error_words(errno));
                rc = -1;
            } else
                rc = ntm_load_units_csv(&conn, buf_str(&text), valid_from, &count, msg, sizeof msg);
            buf_free(&text);
            if (rc == 0)
                fprintf(stderr, "dinh ntm: đã đọc %d đơn vị hành chính từ %s\n", count, units);
        }
        if (rc == 0 && sets) {
            static const char *const names[] = {"sets.csv", "criteria.csv", "indicators.csv", "targets.csv"};
            struct buf text[4] = {{0}};
            for (int i = 0; i < 4 && rc == 0; i++) {
                char path[PATH_MAX];
                snprintf(path, sizeof path, "%s/%s", sets, names[i]);
                if (read_file_into(path, &text[i]) != 0) {
                    snprintf(msg, sizeof msg, "không đọc được %.300s: %s", path, os_error_words(errno));
                    rc = -1;
                }
            }
            struct ntm_set_files f = {buf_str(&text[0]), buf_str(&text[1]), buf_str(&text[2]), buf_str(&text[3])};
            if (rc == 0)
                rc = ntm_load_sets_csv(&conn, &f, msg, sizeof msg);
            for (int i = 0; i < 4; i++)
                buf_free(&text[i]);
            if (rc == 0)
                fprintf(stderr, "dinh ntm: đã nạp các bộ tiêu chí từ %s\n", sets);
        }
    }
    if (rc == 0 && province) {
        rc = ntm_home_set(&conn, str_cstr(province), 0, clock_now(), msg, sizeof msg);
        if (rc == 0)
            fprintf(stderr, "dinh ntm: các xã, phường được theo dõi là của tỉnh, thành phố mã %s\n", province);
        else if (rc < 0)
            snprintf(msg, sizeof msg, "không lưu được tỉnh, thành phố: %s", sqlite3_errmsg(conn.db));
    }
    if (rc != 0)
        fprintf(stderr, "dinh ntm: %s\n", msg);
    store_close(&conn);
    return rc == 0 ? 0 : 1;
}

#ifdef __SANITIZE_ADDRESS__
/* In the sanitizer build only: h2o 2.2.5 keeps freed buffers in per-thread
 * recycle lists (h2o_mem_alloc_recycle, at most 16 a list) and has no call
 * to empty them, so when a server thread ends they are reported as leaks
 * at exit. The runtime reads this list itself, so a run without the test
 * suite's LSAN_OPTIONS reports only what dinh's own code leaks. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:h2o_mem_alloc_recycle\n"; }
#endif

int main(int argc, char **argv)
{
    clock_init_from_env();
    if (argc < 2) {
        fputs("Cách dùng: dinh LỆNH [TÙY_CHỌN]\n"
              "Các lệnh: init, serve, user, check, backup, restore, ntm (xem dinh --help)\n",
              stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        fputs(USAGE, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("dinh %s\n", DINH_VERSION);
        return 0;
    }
    argv[1] = argv[0];
    if (!strcmp(cmd, "init"))
        return cmd_init(argc - 1, argv + 1);
    if (!strcmp(cmd, "serve"))
        return cmd_serve(argc - 1, argv + 1);
    if (!strcmp(cmd, "user"))
        return cmd_user(argc - 1, argv + 1);
    if (!strcmp(cmd, "backup"))
        return cmd_backup(argc - 1, argv + 1);
    if (!strcmp(cmd, "check"))
        return cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "restore"))
        return cmd_restore(argc - 1, argv + 1);
    if (!strcmp(cmd, "ntm"))
        return cmd_ntm(argc - 1, argv + 1);
    fprintf(stderr, "dinh: không có lệnh %s (xem dinh --help)\n", cmd);
    return 2;
}
