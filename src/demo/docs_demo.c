/*
 * docs_demo.c - demo documents; see docs_demo.h.
 *
 * How the pieces fit:
 *
 *  - The catalogues (types, issuing bodies, fields) are fixed tables; their
 *    ids are their positions.
 *  - A "kind" is what one office issues under one type, with the family of
 *    its number and the abstracts it writes ("Kế hoạch of the People's
 *    Committee: Thực hiện {s} năm {y}"). Every kind is drawn once, the
 *    rest by weight; each document gets a day within the last six years and
 *    one or two fields, whose words ({s}) fill its abstract.
 *  - Numbers are handed out in date order from series that restart the way
 *    the rules say: per office and year for administrative documents and
 *    công văn (one series shared by both, Nghị định 30/2020 Điều 15), per
 *    office, type and year for legal documents, per committee, type and
 *    term for the Party. Each number is read back with doc_number_parse():
 *    the demo stores what the parser makes of it, and refuses to go on if
 *    the parser disagrees with the family the demo meant.
 *  - The office's name follows its era: the ministry and the provincial
 *    department of agriculture were renamed when they merged with the
 *    environment ones in March 2025.
 *  - PDFs are written by demo_pdf(): seven objects, Helvetica, and a
 *    cross-reference table whose offsets are counted while writing.
 *
 * The text is written for this project in the words of the programme's
 * documents; numbers are drawn, so a number here is not a real document's.
 */
#include "demo/docs_demo.h"
#include "demo/rng.h"

#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "demo/words.h"
#include "docs/docs.h"
#include "docs/query.h"
#include "docs/number.h"
#include "text/vi.h"
#include "text/vitime.h"

#define DAY 86400
#define SPAN_DAYS (6 * 365)
#define MAX_SERIES 256
#define SLUG_MAX 90
#define LINK_PERCENT 20


/* --- the catalogues --------------------------------------------------------------- */

struct type_row {
    const char *slug, *name, *abbr;
};

enum type_index {
    T_NQ,
    T_QD,
    T_CT,
    T_KL,
    T_KH,
    T_CTR,
    T_TB,
    T_BC,
    T_HD,
    T_CV,
    T_TTR,
    T_QC,
    T_QYD,
    T_DA,
    T_LUAT,
    T_ND,
    T_TT,
    T_CD,
    T_COUNT
};

static const struct type_row types[T_COUNT] = {
    [T_NQ] = {"nghi-quyet", "Nghị quyết", "NQ"},
    [T_QD] = {"quyet-dinh", "Quyết định", "QĐ"},
    [T_CT] = {"chi-thi", "Chỉ thị", "CT"},
    [T_KL] = {"ket-luan", "Kết luận", "KL"},
    [T_KH] = {"ke-hoach", "Kế hoạch", "KH"},
    [T_CTR] = {"chuong-trinh", "Chương trình", "CTr"},
    [T_TB] = {"thong-bao", "Thông báo", "TB"},
    [T_BC] = {"bao-cao", "Báo cáo", "BC"},
    [T_HD] = {"huong-dan", "Hướng dẫn", "HD"},
    [T_CV] = {"cong-van", "Công văn", ""},
    [T_TTR] = {"to-trinh", "Tờ trình", "TTr"},
    [T_QC] = {"quy-che", "Quy chế", "QC"},
    [T_QYD] = {"quy-dinh", "Quy định", "QyĐ"},
    [T_DA] = {"de-an", "Đề án", "ĐA"},
    [T_LUAT] = {"luat", "Luật", ""},
    [T_ND] = {"nghi-dinh", "Nghị định", "NĐ"},
    [T_TT] = {"thong-tu", "Thông tư", "TT"},
    [T_CD] = {"cong-dien", "Công điện", "CĐ"},
};

enum issuer_index { I_CP, I_TTG, I_BNN_OLD, I_BNN, I_TW, I_TU, I_HDND, I_UBND, I_BCD, I_VPDP, I_SO_OLD, I_SO, I_COUNT };

struct issuer_row {
    const char *slug, *name;
    const char *abbr;        /* in administrative and legal numbers */
    const char *letter_abbr; /* in công văn numbers */
    const char *positions[2];
    bool named;   /* provincial offices: signers get demo names */
    int per_year; /* the office's administrative series, numbers a year */
};

/* clang-format off */
static const struct issuer_row issuers[I_COUNT] = {
    [I_CP] = {"chinh-phu", "Chính phủ", "CP", "CP",
              {"Thủ tướng Chính phủ", "Phó Thủ tướng Chính phủ"}, false, 220},
    [I_TTG] = {"thu-tuong-chinh-phu", "Thủ tướng Chính phủ", "TTg", "TTg",
               {"Thủ tướng Chính phủ", "Phó Thủ tướng Chính phủ"}, false, 1900},
    [I_BNN_OLD] = {"bo-nong-nghiep-va-phat-trien-nong-thon", "Bộ Nông nghiệp và Phát triển nông thôn", "BNNPTNT",
                   "BNN", {"Bộ trưởng", "Thứ trưởng"}, false, 6000},
    [I_BNN] = {"bo-nong-nghiep-va-moi-truong", "Bộ Nông nghiệp và Môi trường", "BNNMT", "BNNMT",
               {"Bộ trưởng", "Thứ trưởng"}, false, 7000},
    [I_TW] = {"ban-chap-hanh-trung-uong", "Ban Chấp hành Trung ương Đảng", "TW", "TW",
              {"Thay mặt Ban Chấp hành Trung ương", "Thay mặt Bộ Chính trị"}, false, 0},
    [I_TU] = {"tinh-uy", "Tỉnh ủy Hà Tĩnh", "TU", "TU",
              {"Bí thư Tỉnh ủy", "Phó Bí thư Thường trực Tỉnh ủy"}, true, 0},
    [I_HDND] = {"hdnd-tinh", "Hội đồng nhân dân tỉnh Hà Tĩnh", "HĐND", "HĐND",
                {"Chủ tịch Hội đồng nhân dân tỉnh", "Phó Chủ tịch Hội đồng nhân dân tỉnh"}, true, 320},
    [I_UBND] = {"ubnd-tinh", "Ủy ban nhân dân tỉnh Hà Tĩnh", "UBND", "UBND",
                {"Chủ tịch Ủy ban nhân dân tỉnh", "Phó Chủ tịch Ủy ban nhân dân tỉnh"}, true, 5200},
    [I_BCD] = {"ban-chi-dao", "Ban Chỉ đạo các Chương trình mục tiêu quốc gia tỉnh Hà Tĩnh", "BCĐ", "BCĐ",
               {"Trưởng Ban Chỉ đạo", "Phó Trưởng Ban Thường trực Ban Chỉ đạo"}, true, 90},
    [I_VPDP] = {"van-phong-dieu-phoi", "Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh", "VPĐP", "VPĐP",
                {"Chánh Văn phòng Điều phối nông thôn mới tỉnh", "Phó Chánh Văn phòng Điều phối nông thôn mới tỉnh"},
                true, 280},
    [I_SO_OLD] = {"so-nong-nghiep-va-phat-trien-nong-thon", "Sở Nông nghiệp và Phát triển nông thôn Hà Tĩnh", "SNN",
                  "SNN", {"Giám đốc Sở", "Phó Giám đốc Sở"}, true, 2600},
    [I_SO] = {"so-nong-nghiep-va-moi-truong", "Sở Nông nghiệp và Môi trường Hà Tĩnh", "SNNMT", "SNNMT",
              {"Giám đốc Sở", "Phó Giám đốc Sở"}, true, 3000},
};
/* clang-format on */

struct field_row {
    const char *slug, *name;
    const char *subjects[3]; /* activities, to fill {s} */
};

/* F_CD comes last: draws of a field take the ones before it. */
enum field_index { F_QH, F_GT, F_MT, F_VH, F_OCOP, F_CDS, F_SX, F_TC, F_VON, F_CD, F_COUNT };

static const struct field_row fields[F_COUNT] = {
    [F_QH] = {"quy-hoach",
              "Quy hoạch",
              {"rà soát, điều chỉnh quy hoạch chung xây dựng xã",
               "lập quy hoạch chi tiết khu dân cư nông thôn mới kiểu mẫu",
               "công khai quy hoạch và quản lý xây dựng theo quy hoạch ở nông thôn"}},
    [F_GT] = {"giao-thong",
              "Giao thông",
              {"cứng hóa đường trục thôn, ngõ xóm và đường giao thông nội đồng",
               "bảo trì, quản lý đường giao thông nông thôn",
               "trồng cây xanh, lắp đèn chiếu sáng trên các tuyến đường nông thôn"}},
    [F_MT] = {"moi-truong",
              "Môi trường",
              {"phân loại, thu gom và xử lý chất thải rắn sinh hoạt ở nông thôn",
               "xây dựng cảnh quan môi trường sáng - xanh - sạch - đẹp",
               "cung cấp nước sạch sinh hoạt cho người dân nông thôn"}},
    [F_VH] = {"van-hoa",
              "Văn hóa",
              {"nâng cao hiệu quả hoạt động của thiết chế văn hóa, thể thao cơ sở",
               "phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa",
               "thực hiện nếp sống văn minh trong việc cưới, việc tang và lễ hội"}},
    [F_OCOP] = {"ocop",
                "OCOP",
                {"Chương trình Mỗi xã một sản phẩm (OCOP)", "đánh giá, phân hạng sản phẩm OCOP cấp tỉnh",
                 "xúc tiến thương mại, quảng bá sản phẩm OCOP"}},
    [F_CDS] = {"chuyen-doi-so",
               "Chuyển đổi số",
               {"chuyển đổi số trong xây dựng nông thôn mới", "xây dựng xã nông thôn mới thông minh",
                "đưa sản phẩm nông nghiệp, sản phẩm OCOP lên sàn thương mại điện tử"}},
    [F_SX] = {"phat-trien-san-xuat",
              "Phát triển sản xuất",
              {"phát triển vùng sản xuất hàng hóa tập trung", "củng cố, phát triển hợp tác xã nông nghiệp",
               "liên kết sản xuất gắn với tiêu thụ nông sản"}},
    [F_TC] = {"bo-tieu-chi",
              "Bộ tiêu chí",
              {"xét, công nhận xã đạt chuẩn nông thôn mới nâng cao", "xây dựng thôn đạt chuẩn nông thôn mới kiểu mẫu",
               "đánh giá mức độ đạt các tiêu chí nông thôn mới"}},
    [F_VON] = {"nguon-von",
               "Nguồn vốn",
               {"phân bổ vốn ngân sách thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
                "lồng ghép các nguồn vốn xây dựng nông thôn mới",
                "thanh toán, quyết toán vốn đầu tư các công trình nông thôn mới"}},
    [F_CD] = {"chi-dao-dieu-hanh",
              "Chỉ đạo, điều hành",
              {"kiện toàn Ban Chỉ đạo các Chương trình mục tiêu quốc gia",
               "phân công nhiệm vụ thành viên Ban Chỉ đạo các Chương trình mục tiêu quốc gia",
               "tổ chức bộ máy và hoạt động của Văn phòng Điều phối nông thôn mới các cấp"}},
};

/* --- kinds of documents ------------------------------------------------------------ */

/* Abstract patterns: {s} a subject of the document's field, {y} the issue
 * year, {g} the programme phase of that year. */
struct kind {
    enum type_index type;
    enum issuer_index issuer; /* I_BNN and I_SO become the old names before March 2025 */
    enum doc_family family;
    const char *unit; /* công văn: the drafting unit */
    const char *patterns[3];
    int weight;
    int legal_per_year;  /* legal series, numbers a year */
    int party_per_year;  /* Party series, numbers a year of the term */
    int effect_days;     /* from issue to effect */
    bool no_effect_date; /* công văn: no date of effect is recorded */
    bool yearly;         /* a plan for the year: expires on 31 December */
    bool replaceable;    /* a newer one of the kind may replace an older */
    bool full_text;
    bool fixed_field; /* every document of the kind is in `field` */
    enum field_index field;
};

#define FIXED(f) .fixed_field = true, .field = (f)

/* clang-format off: one kind a row reads better than one field a line */
static const struct kind kinds[] = {
    {.type = T_KH,
     .issuer = I_UBND,
     .family = DOC_ADMIN,
     .weight = 8,
     .yearly = true,
     .full_text = true,
     .patterns = {"Thực hiện {s} năm {y}", "Triển khai {s} giai đoạn {g}", "Kiểm tra, giám sát {s} năm {y}"}},
    {.type = T_QD,
     .issuer = I_UBND,
     .family = DOC_ADMIN,
     .weight = 7,
     .full_text = true,
     .patterns = {"Phê duyệt kế hoạch {s} năm {y}", "Ban hành Quy chế phối hợp trong {s}",
                  "Phê duyệt danh mục hỗ trợ {s} năm {y}"}},
    {.type = T_QD,
     .issuer = I_UBND,
     .family = DOC_ADMIN,
     .weight = 2,
     .replaceable = true,
     .full_text = true,
     FIXED(F_CD),
     .patterns = {"Kiện toàn Ban Chỉ đạo các Chương trình mục tiêu quốc gia tỉnh"}},
    {.type = T_CV,
     .issuer = I_UBND,
     .family = DOC_LETTER,
     .weight = 6,
     .unit = "NL",
     .no_effect_date = true,
     .patterns = {"V/v đôn đốc {s}", "V/v hướng dẫn {s}", "V/v báo cáo kết quả {s} năm {y}"}},
    {.type = T_TB,
     .issuer = I_UBND,
     .family = DOC_ADMIN,
     .weight = 3,
     .patterns = {"Kết luận của lãnh đạo Ủy ban nhân dân tỉnh tại buổi làm việc về {s}"}},
    {.type = T_BC,
     .issuer = I_UBND,
     .family = DOC_ADMIN,
     .weight = 4,
     .patterns = {"Kết quả {s} năm {y}", "Sơ kết 6 tháng đầu năm {y} về {s}"}},
    {.type = T_CT,
     .issuer = I_UBND,
     .family = DOC_ADMIN,
     .weight = 2,
     .full_text = true,
     .patterns = {"Về đẩy mạnh {s}", "Về tăng cường {s} năm {y}"}},
    {.type = T_QD,
     .issuer = I_UBND,
     .family = DOC_LEGAL,
     .weight = 3,
     .legal_per_year = 70,
     .effect_days = 10,
     .replaceable = true,
     .full_text = true,
     .patterns = {"Ban hành Quy định về {s} trên địa bàn tỉnh", "Quy định mức hỗ trợ {s} trên địa bàn tỉnh"}},
    {.type = T_NQ,
     .issuer = I_HDND,
     .family = DOC_LEGAL,
     .weight = 3,
     .legal_per_year = 45,
     .effect_days = 10,
     .replaceable = true,
     .full_text = true,
     .patterns = {"Quy định chính sách hỗ trợ {s} trên địa bàn tỉnh giai đoạn {g}"}},
    {.type = T_NQ,
     .issuer = I_HDND,
     .family = DOC_ADMIN,
     .weight = 2,
     .yearly = true,
     FIXED(F_VON),
     .patterns = {"Về kế hoạch {s} năm {y}"}},
    {.type = T_KH,
     .issuer = I_VPDP,
     .family = DOC_ADMIN,
     .weight = 4,
     .yearly = true,
     .patterns = {"Kiểm tra, đánh giá {s} năm {y}", "Truyền thông về {s} năm {y}"}},
    {.type = T_TB,
     .issuer = I_VPDP,
     .family = DOC_ADMIN,
     .weight = 3,
     .patterns = {"Kết quả kiểm tra {s} năm {y}", "Phân công nhiệm vụ theo dõi {s}"}},
    {.type = T_BC,
     .issuer = I_VPDP,
     .family = DOC_ADMIN,
     .weight = 4,
     .patterns = {"Tình hình thực hiện {s} quý {q} năm {y}"}},
    {.type = T_CV,
     .issuer = I_VPDP,
     .family = DOC_LETTER,
     .weight = 5,
     .unit = "KHTH",
     .no_effect_date = true,
     .patterns = {"V/v cung cấp số liệu về {s}", "V/v góp ý dự thảo hướng dẫn {s}"}},
    {.type = T_KH,
     .issuer = I_BCD,
     .family = DOC_ADMIN,
     .weight = 2,
     .yearly = true,
     .patterns = {"Kiểm tra, giám sát {s} năm {y}"}},
    {.type = T_QD,
     .issuer = I_BCD,
     .family = DOC_ADMIN,
     .weight = 2,
     .replaceable = true,
     FIXED(F_CD),
     .patterns = {"Phân công nhiệm vụ thành viên Ban Chỉ đạo các Chương trình mục tiêu quốc gia tỉnh"}},
    {.type = T_TB,
     .issuer = I_BCD,
     .family = DOC_ADMIN,
     .weight = 2,
     .patterns = {"Kết luận của Trưởng Ban Chỉ đạo tại hội nghị về {s}"}},
    {.type = T_NQ,
     .issuer = I_TU,
     .family = DOC_PARTY,
     .weight = 2,
     .party_per_year = 4,
     .patterns = {"Về đẩy mạnh {s} giai đoạn {g}", "Về {s}, định hướng đến năm 2030"}},
    {.type = T_KL,
     .issuer = I_TU,
     .family = DOC_PARTY,
     .weight = 2,
     .party_per_year = 40,
     .patterns = {"Về tiếp tục đẩy mạnh {s}"}},
    {.type = T_CT,
     .issuer = I_TU,
     .family = DOC_PARTY,
     .weight = 2,
     .party_per_year = 5,
     .patterns = {"Về tăng cường sự lãnh đạo của các cấp ủy đảng đối với {s}"}},
    {.type = T_KH,
     .issuer = I_TU,
     .family = DOC_PARTY,
     .weight = 2,
     .party_per_year = 45,
     .yearly = true,
     .patterns = {"Thực hiện {s} năm {y}"}},
    {.type = T_QD,
     .issuer = I_TU,
     .family = DOC_PARTY,
     .weight = 2,
     .party_per_year = 420,
     .patterns = {"Thành lập đoàn kiểm tra, giám sát {s} năm {y}"}},
    {.type = T_NQ,
     .issuer = I_TW,
     .family = DOC_PARTY,
     .weight = 1,
     .party_per_year = 12,
     .patterns = {"Về tiếp tục đẩy mạnh {s} trong giai đoạn mới"}},
    {.type = T_KL,
     .issuer = I_TW,
     .family = DOC_PARTY,
     .weight = 1,
     .party_per_year = 30,
     .patterns = {"Về tiếp tục thực hiện {s}"}},
    {.type = T_ND,
     .issuer = I_CP,
     .family = DOC_LEGAL,
     .weight = 2,
     .legal_per_year = 190,
     .effect_days = 45,
     .patterns = {"Quy định chi tiết về {s}",
                  "Sửa đổi, bổ sung một số điều về cơ chế quản lý, tổ chức thực hiện các chương trình mục tiêu "
                  "quốc gia"}},
    {.type = T_NQ, .issuer = I_CP, .family = DOC_ADMIN, .weight = 1, .patterns = {"Về giải pháp đẩy nhanh {s}"}},
    {.type = T_QD,
     .issuer = I_TTG,
     .family = DOC_LEGAL,
     .weight = 1,
     .legal_per_year = 40,
     .effect_days = 30,
     .replaceable = true,
     .patterns = {"Quy định nguyên tắc, tiêu chí, định mức hỗ trợ {s} giai đoạn {g}"}},
    {.type = T_QD,
     .issuer = I_TTG,
     .family = DOC_ADMIN,
     .weight = 2,
     .patterns = {"Phê duyệt kế hoạch thực hiện {s} giai đoạn {g}"}},
    {.type = T_CT, .issuer = I_TTG, .family = DOC_ADMIN, .weight = 1, .patterns = {"Về đẩy mạnh {s}"}},
    {.type = T_TT,
     .issuer = I_BNN,
     .family = DOC_LEGAL,
     .weight = 2,
     .legal_per_year = 30,
     .effect_days = 45,
     .patterns = {"Hướng dẫn thực hiện {s} thuộc Chương trình mục tiêu quốc gia xây dựng nông thôn mới "
                  "giai đoạn {g}"}},
    {.type = T_CV,
     .issuer = I_BNN,
     .family = DOC_LETTER,
     .weight = 2,
     .unit = "VPĐP",
     .no_effect_date = true,
     .patterns = {"V/v hướng dẫn {s}"}},
    {.type = T_HD,
     .issuer = I_SO,
     .family = DOC_ADMIN,
     .weight = 2,
     .yearly = true,
     .patterns = {"Thực hiện {s} năm {y}"}},
    {.type = T_CV,
     .issuer = I_SO,
     .family = DOC_LETTER,
     .weight = 3,
     .unit = "PTNT",
     .no_effect_date = true,
     .patterns = {"V/v triển khai {s}", "V/v tổng hợp nhu cầu {s}"}},
};
/* clang-format on */

#define KIND_COUNT (sizeof kinds / sizeof kinds[0])

/* --- the generator ---------------------------------------------------------------- */

/* A document being made, in memory until it is written. */
struct gen_doc {
    size_t kind;
    enum issuer_index issuer;
    int64_t day; /* Vietnam day number of the issue date */
    struct vi_time date;
    int fields[2];
    int n_fields;
    int pattern;
    int subject;
    int signer;  /* 0 or 1: which position */
    bool sloppy; /* written "464 – QĐ/TU", as seeds show */
    bool published;
    int64_t id;
    int status;
    int64_t replaced_by;
    char expires[11];
};

struct series {
    int issuer;
    const char *abbr; /* NULL for the office's administrative series */
    int period;       /* year, or Party term start year */
    int last;
};

struct docs_demo {
    struct store_conn *db;
    struct rng rng;
    int64_t now, today;
    char *err;
    size_t errlen;
    const int64_t *article_times; /* publication time of article i + 1 */
    size_t n_articles;
    struct gen_doc docs[DEMO_DOCUMENTS];
    struct series series[MAX_SERIES];
    size_t n_series;
    struct buf signer_names[I_COUNT][2];
    struct buf raw, abstract, body, slug, scratch, pdf, file_name;
};

static int fail(struct docs_demo *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct docs_demo *d, const char *fmt, ...)
{
    if (d->errlen > 0 && d->err[0] == '\0') {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(d->err, d->errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* The result of a module's write of `what` (a noun: "một loại văn bản"):
 * 0, or the first error recorded, the module's reason or SQLite's. */
static int wrote(struct docs_demo *d, int rc, const char *what, const char *problem)
{
    if (rc == 0)
        return 0;
    return fail(d, "văn bản mẫu: không ghi được %s: %s", what, problem ? problem : sqlite3_errmsg(d->db->db));
}

/* --- catalogues ------------------------------------------------------------------------ */

static int write_catalogues(struct docs_demo *d)
{
    const char *problem = NULL;
    for (int i = 0; i < T_COUNT; i++) {
        struct docs_catalogue_input in = {i + 1, str_cstr(types[i].slug), str_cstr(types[i].name),
                                          str_cstr(types[i].abbr), i + 1};
        if (wrote(d, docs_catalogue_save(d->db, DOCS_TYPES, &in, NULL, &problem), "một loại văn bản", problem) != 0)
            return -1;
    }
    for (int i = 0; i < I_COUNT; i++) {
        struct docs_catalogue_input in = {i + 1, str_cstr(issuers[i].slug), str_cstr(issuers[i].name),
                                          str_cstr(issuers[i].abbr), i + 1};
        if (wrote(d, docs_catalogue_save(d->db, DOCS_ISSUERS, &in, NULL, &problem), "một cơ quan ban hành",
                  problem) != 0)
            return -1;
    }
    for (int i = 0; i < F_COUNT; i++) {
        struct docs_catalogue_input in = {i + 1, str_cstr(fields[i].slug), str_cstr(fields[i].name), STR(""), i + 1};
        if (wrote(d, docs_catalogue_save(d->db, DOCS_FIELDS, &in, NULL, &problem), "một lĩnh vực", problem) != 0)
            return -1;
    }
    return 0;
}

/* --- drawing the documents ------------------------------------------------------------ */

/* The day the ministries merged with the environment ones: 1 March 2025. */
static int64_t merge_day(void) { return vi_day_number(vi_unix_from_local(2025, 3, 1, 12, 0, 0)); }

static size_t pick_kind(struct docs_demo *d)
{
    int total = 0;
    for (size_t i = 0; i < KIND_COUNT; i++)
        total += kinds[i].weight;
    int x = (int)rng_below(&d->rng, (uint32_t)total);
    for (size_t i = 0; i < KIND_COUNT; i++) {
        if (x < kinds[i].weight)
            return i;
        x -= kinds[i].weight;
    }
    return KIND_COUNT - 1;
}

static size_t pattern_count(const struct kind *k)
{
    size_t n = 0;
    while (n < 3 && k->patterns[n])
        n++;
    return n;
}

/* The kind of the i-th document drawn: every kind once, then a second one
 * of every replaceable kind (so that replacements happen), then by weight. */
static size_t kind_of_draw(struct docs_demo *d, size_t i)
{
    if (i < KIND_COUNT)
        return i;
    size_t seen = 0;
    for (size_t k = 0; k < KIND_COUNT; k++)
        if (kinds[k].replaceable && seen++ == i - KIND_COUNT)
            return k;
    return pick_kind(d);
}

static int compare_docs(const void *x, const void *y)
{
    const struct gen_doc *a = x, *b = y;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    return a->kind < b->kind ? -1 : a->kind > b->kind;
}

static void draw_documents(struct docs_demo *d)
{
    int64_t merged = merge_day();
    for (size_t i = 0; i < DEMO_DOCUMENTS; i++) {
        struct gen_doc *g = &d->docs[i];
        memset(g, 0, sizeof *g);
        g->kind = kind_of_draw(d, i);
        const struct kind *k = &kinds[g->kind];
        /* newer documents are more frequent: a portal's register grows */
        int back = rng_range(&d->rng, 1, SPAN_DAYS);
        if (rng_percent(&d->rng, 40))
            back = rng_range(&d->rng, 1, SPAN_DAYS / 4);
        g->day = d->today - back;
        g->issuer = k->issuer;
        if (g->issuer == I_BNN && g->day < merged)
            g->issuer = I_BNN_OLD;
        if (g->issuer == I_SO && g->day < merged)
            g->issuer = I_SO_OLD;
        vi_time_from_unix(g->day * DAY + 12 * 3600 - VI_UTC_OFFSET, &g->date);
        /* "Chỉ đạo, điều hành" is the field of the kinds that name it;
         * its words do not fit the other kinds' abstracts */
        g->fields[0] = k->fixed_field ? (int)k->field : (int)rng_below(&d->rng, F_CD);
        g->n_fields = 1;
        if (rng_percent(&d->rng, 35)) {
            int other = (int)rng_below(&d->rng, F_CD);
            if (other != g->fields[0])
                g->fields[g->n_fields++] = other;
        }
        g->pattern = (int)rng_below(&d->rng, (uint32_t)pattern_count(k));
        g->subject = (int)rng_below(&d->rng, 3);
        g->signer = rng_percent(&d->rng, 70) ? 1 : 0;
        /* the Party's numbers are often typed loosely; the first decision of
         * the provincial committee always is, so the demo shows one */
        g->sloppy = k->family == DOC_PARTY && ((i < KIND_COUNT && k->type == T_QD) || rng_percent(&d->rng, 30));
        g->published = true;
        g->status = 1;
    }
    qsort(d->docs, DEMO_DOCUMENTS, sizeof d->docs[0], compare_docs);
    for (size_t i = 0; i < DEMO_DOCUMENTS; i++)
        d->docs[i].id = (int64_t)i + 1;
    /* two drafts that must never show */
    d->docs[DEMO_DOCUMENTS / 3].published = false;
    d->docs[DEMO_DOCUMENTS - 5].published = false;
}

/* The series a document's number comes from, created on first use. */
static struct series *series_for(struct docs_demo *d, int issuer, const char *abbr, int period)
{
    for (size_t i = 0; i < d->n_series; i++) {
        struct series *s = &d->series[i];
        if (s->issuer == issuer && s->period == period &&
            (s->abbr == abbr || (s->abbr && abbr && strcmp(s->abbr, abbr) == 0)))
            return s;
    }
    if (d->n_series == MAX_SERIES)
        return NULL;
    d->series[d->n_series] = (struct series){issuer, abbr, period, 0};
    return &d->series[d->n_series++];
}

/* The start of the Party committee's term the day falls in, from the
 * congresses of the provincial committee (October 2010, 2015, 2020, 2025)
 * and of the Central Committee (early 2011, 2016, 2021, 2026). The days are
 * the demo's approximations; only the restart of the series matters. */
static int64_t term_start(enum issuer_index issuer, int64_t day)
{
    static const int tu[4][3] = {{2010, 10, 15}, {2015, 10, 15}, {2020, 10, 15}, {2025, 10, 15}};
    static const int tw[4][3] = {{2011, 1, 19}, {2016, 1, 28}, {2021, 2, 1}, {2026, 1, 23}};
    const int(*starts)[3] = issuer == I_TW ? tw : tu;
    int64_t start = 0;
    for (int i = 0; i < 4; i++) {
        int64_t s = vi_day_number(vi_unix_from_local(starts[i][0], starts[i][1], starts[i][2], 12, 0, 0));
        if (s <= day)
            start = s;
    }
    return start;
}

/* Writes the document's number as its office would, into d->raw. */
static int make_number(struct docs_demo *d, struct gen_doc *g)
{
    const struct kind *k = &kinds[g->kind];
    const struct issuer_row *is = &issuers[g->issuer];
    const char *abbr = types[k->type].abbr;
    int64_t year_start = vi_day_number(vi_unix_from_local(g->date.year, 1, 1, 12, 0, 0));
    int64_t into = g->day - year_start; /* days into the year */
    struct series *s;
    int target;
    if (k->family == DOC_PARTY) {
        int64_t start = term_start(g->issuer, g->day);
        s = series_for(d, g->issuer, abbr, (int)start);
        target = 1 + (int)((g->day - start) * k->party_per_year / 365);
    } else if (k->family == DOC_LEGAL) {
        s = series_for(d, g->issuer, abbr, g->date.year);
        target = 1 + (int)(into * k->legal_per_year / 366);
    } else {
        s = series_for(d, g->issuer, NULL, g->date.year);
        target = 1 + (int)(into * is->per_year / 366) + rng_range(&d->rng, 0, is->per_year / 60 + 1);
    }
    if (!s)
        return fail(d, "văn bản mẫu: quá nhiều dãy số hiệu văn bản");
    int number = target > s->last ? target : s->last + 1;
    s->last = number;

    buf_reset(&d->raw);
    switch (k->family) {
    case DOC_PARTY:
        if (g->sloppy)
            buf_printf(&d->raw, rng_percent(&d->rng, 50) ? "%d – %s/%s" : "%d- %s/%s", number, abbr, is->abbr);
        else
            buf_printf(&d->raw, "%02d-%s/%s", number, abbr, is->abbr);
        break;
    case DOC_LEGAL:
        buf_printf(&d->raw, "%02d/%d/%s-%s", number, g->date.year, abbr, is->abbr);
        break;
    case DOC_LETTER:
        buf_printf(&d->raw, "%02d/%s-%s", number, is->letter_abbr, k->unit);
        break;
    default:
        buf_printf(&d->raw, "%02d/%s-%s", number, abbr, is->abbr);
        break;
    }
    return 0;
}

/* Appends the kind's pattern with its slots filled. */
static void write_abstract(struct docs_demo *d, const struct gen_doc *g, struct buf *out)
{
    const char *p = kinds[g->kind].patterns[g->pattern];
    const char *subject = fields[g->fields[0]].subjects[g->subject];
    int year = g->date.year;
    const char *phase = year <= 2020 ? "2016-2020" : year <= 2025 ? "2021-2025" : "2026-2030";
    static const char *const quarters[] = {"I", "II", "III", "IV"};
    while (*p) {
        if (p[0] == '{' && p[1] && p[2] == '}') {
            switch (p[1]) {
            case 's':
                buf_puts(out, subject);
                break;
            case 'y':
                buf_printf(out, "%d", year);
                break;
            case 'g':
                buf_puts(out, phase);
                break;
            case 'q':
                buf_puts(out, quarters[(g->date.month - 1) / 3]);
                break;
            default:
                break;
            }
            p += 3;
        } else {
            buf_putc(out, *p++);
        }
    }
    /* a sentence starts with a capital: the subjects are lower-case phrases */
    if (out->n && out->p[0] >= 'a' && out->p[0] <= 'z')
        out->p[0] = (char)(out->p[0] - 'a' + 'A');
}

static void write_body(struct docs_demo *d, const struct gen_doc *g, struct str abstract, struct buf *out)
{
    const struct issuer_row *is = &issuers[g->issuer];
    buf_printf(out,
               "Căn cứ các văn bản chỉ đạo của Trung ương và của tỉnh về xây dựng nông thôn mới; xét đề nghị của "
               "Văn phòng Điều phối nông thôn mới tỉnh, %s ban hành văn bản này.\n\n",
               is->name);
    buf_printf(out, "Điều 1. Nội dung: %.*s. Chi tiết tại phụ lục kèm theo.\n\n", (int)abstract.n, abstract.p);
    buf_puts(out, "Điều 2. Các sở, ban, ngành và Ủy ban nhân dân các xã, phường căn cứ chức năng, nhiệm vụ được "
                  "giao tổ chức thực hiện; định kỳ trước ngày 15 của tháng cuối quý báo cáo kết quả về Văn phòng "
                  "Điều phối nông thôn mới tỉnh để tổng hợp.\n\n");
    buf_puts(out, "Điều 3. Văn bản có hiệu lực kể từ ngày ký.");
}

/* --- PDF ----------------------------------------------------------------------------------- */

static void pdf_string(struct buf *b, const char *s)
{
    buf_putc(b, '(');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '(' || c == ')' || c == '\\') {
            buf_putc(b, '\\');
            buf_putc(b, (char)c);
        } else {
            buf_putc(b, c >= 0x20 && c < 0x7F ? (char)c : '?');
        }
    }
    buf_putc(b, ')');
}

void demo_pdf(struct buf *out, const char *title, const char *const *lines, size_t n_lines, const char *date)
{
    size_t base = out->n;
    size_t offsets[8];
    struct buf content = BUF_INIT;
    buf_puts(&content, "BT\n/F1 15 Tf\n56 780 Td\n");
    pdf_string(&content, title);
    buf_puts(&content, " Tj\n/F2 11 Tf\n0 -28 Td\n16 TL\n");
    for (size_t i = 0; i < n_lines; i++) {
        pdf_string(&content, lines[i]);
        buf_puts(&content, i == 0 ? " Tj\n" : " '\n");
    }
    buf_puts(&content, "ET\n");

    buf_puts(out, "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
    offsets[1] = out->n - base;
    buf_puts(out, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    offsets[2] = out->n - base;
    buf_puts(out, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
    offsets[3] = out->n - base;
    buf_puts(out, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                  "/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>\nendobj\n");
    offsets[4] = out->n - base;
    buf_puts(out, "4 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>\n"
                  "endobj\n");
    offsets[5] = out->n - base;
    buf_puts(out, "5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>\n"
                  "endobj\n");
    offsets[6] = out->n - base;
    buf_printf(out, "6 0 obj\n<< /Length %zu >>\nstream\n", content.n);
    buf_append(out, content.p, content.n);
    buf_puts(out, "\nendstream\nendobj\n");
    offsets[7] = out->n - base;
    buf_puts(out, "7 0 obj\n<< /Title ");
    pdf_string(out, title);
    buf_printf(out, " /Producer (dinh demo) /CreationDate (D:%.8s000000+07'00') >>\nendobj\n", date);
    size_t xref = out->n - base;
    buf_puts(out, "xref\n0 8\n0000000000 65535 f \n");
    for (int i = 1; i <= 7; i++)
        buf_printf(out, "%010zu 00000 n \n", offsets[i]);
    buf_printf(out, "trailer\n<< /Size 8 /Root 1 0 R /Info 7 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
    buf_free(&content);
}

/* ASCII lines of at most `width` bytes, broken at spaces, into lines[]
 * (pointers into `text`, which is modified). Returns how many. */
static size_t wrap(char *text, size_t width, const char **lines, size_t max)
{
    size_t n = 0;
    char *p = text;
    while (*p && n < max) {
        size_t len = strlen(p);
        if (len <= width) {
            lines[n++] = p;
            break;
        }
        size_t cut = width;
        while (cut > 0 && p[cut] != ' ')
            cut--;
        if (cut == 0)
            cut = width;
        p[cut] = '\0';
        lines[n++] = p;
        p += cut + 1;
    }
    return n;
}

/* Appends the ASCII form of a Vietnamese text to b, NUL-terminated (not
 * counted). */
static void put_ascii(struct buf *b, struct str s)
{
    docs_ascii_fallback(b, s);
    buf_cstr(b);
}

/* Draws the PDF of a document into d->pdf. */
static void document_pdf(struct docs_demo *d, const struct gen_doc *g, struct str number, struct str abstract,
                         bool appendix)
{
    const struct kind *k = &kinds[g->kind];
    struct buf title = BUF_INIT, issuer = BUF_INIT, text = BUF_INIT;
    struct buf tmp = BUF_INIT;
    buf_printf(&tmp, "%s%s so %.*s", appendix ? "Phu luc kem theo " : "", types[k->type].name, (int)number.n, number.p);
    put_ascii(&title, buf_str(&tmp));
    put_ascii(&issuer, str_cstr(issuers[g->issuer].name));
    put_ascii(&text, abstract);
    char when[64], from[160];
    snprintf(when, sizeof when, "Ngay ban hanh: %02d/%02d/%04d", g->date.day, g->date.month, g->date.year);
    snprintf(from, sizeof from, "Co quan ban hanh: %s", issuer.p);
    const char *lines[24];
    size_t n = 0;
    lines[n++] = from;
    lines[n++] = when;
    lines[n++] = "";
    lines[n++] = "Trich yeu:";
    n += wrap(text.p, 88, lines + n, 12);
    lines[n++] = "";
    lines[n++] = "Ban dien tu minh hoa do he thong tao ra (du lieu mau, khong phai van ban that).";
    char date[40];
    snprintf(date, sizeof date, "%04d%02d%02d", g->date.year, g->date.month, g->date.day);
    buf_reset(&d->pdf);
    demo_pdf(&d->pdf, title.p, lines, n, date);
    buf_free(&title);
    buf_free(&issuer);
    buf_free(&text);
    buf_free(&tmp);
}

static int write_file(struct docs_demo *d, const struct gen_doc *g, int position, struct str number,
                      struct str abstract, int64_t created)
{
    bool appendix = position > 0;
    document_pdf(d, g, number, abstract, appendix);
    /* "Kế hoạch 323-KH-UBND.pdf": the number with '-' for '/' */
    buf_reset(&d->file_name);
    buf_printf(&d->file_name, "%s%s ", appendix ? "Phụ lục " : "", appendix ? "" : types[kinds[g->kind].type].name);
    for (size_t i = 0; i < number.n; i++)
        buf_putc(&d->file_name, number.p[i] == '/' ? '-' : number.p[i]);
    buf_puts(&d->file_name, ".pdf");
    struct docs_file_input in = {g->id, position, buf_str(&d->file_name), STR("application/pdf"), d->pdf.p, d->pdf.n,
                                 created};
    const char *problem = NULL;
    return wrote(d, docs_file_add(d->db, &in, NULL, &problem), "một tệp", problem);
}

/* --- writing ------------------------------------------------------------------------------ */

static void iso_date(int64_t day, char out[11])
{
    struct vi_time t;
    vi_time_from_unix(day * DAY + 12 * 3600 - VI_UTC_OFFSET, &t);
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", t.year, t.month, t.day);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

static void make_signers(struct docs_demo *d)
{
    for (int i = 0; i < I_COUNT; i++)
        for (int j = 0; j < 2; j++) {
            buf_reset(&d->signer_names[i][j]);
            if (!issuers[i].named)
                continue;
            bool female = rng_percent(&d->rng, 30);
            buf_printf(&d->signer_names[i][j], "%s %s %s",
                       words_surnames.items[rng_below(&d->rng, (uint32_t)words_surnames.count)],
                       female ? words_female_middle.items[rng_below(&d->rng, (uint32_t)words_female_middle.count)]
                              : words_male_middle.items[rng_below(&d->rng, (uint32_t)words_male_middle.count)],
                       female ? words_female_given.items[rng_below(&d->rng, (uint32_t)words_female_given.count)]
                              : words_male_given.items[rng_below(&d->rng, (uint32_t)words_male_given.count)]);
        }
}

static int write_document(struct docs_demo *d, struct gen_doc *g)
{
    const struct kind *k = &kinds[g->kind];
    if (make_number(d, g) != 0)
        return -1;
    struct doc_number n;
    if (doc_number_parse(buf_str(&d->raw), &n) != 0)
        return fail(d, "văn bản mẫu: bộ đọc số hiệu không nhận \"%.*s\": %s", (int)d->raw.n, d->raw.p, n.reason);
    if (n.family != k->family || !doc_number_year_matches(&n, g->date.year))
        return fail(d, "văn bản mẫu: \"%.*s\" được đọc thành nhóm số hiệu %d", (int)d->raw.n, d->raw.p, n.family);

    buf_reset(&d->abstract);
    write_abstract(d, g, &d->abstract);
    buf_reset(&d->body);
    /* a full text for most documents of the kinds that have one, always
     * when a PDF goes with it */
    if (k->full_text && (g->id % 3 == 1 || rng_percent(&d->rng, 50)))
        write_body(d, g, buf_str(&d->abstract), &d->body);
    buf_reset(&d->scratch);
    buf_printf(&d->scratch, "%s %s %.*s", types[k->type].name, n.canonical, (int)d->abstract.n, d->abstract.p);
    buf_reset(&d->slug);
    if (vi_slug(&d->slug, buf_str(&d->scratch), SLUG_MAX) != 0)
        return fail(d, "văn bản mẫu: không tạo được đường dẫn");

    char issued[11], effective[11];
    iso_date(g->day, issued);
    iso_date(g->day + k->effect_days, effective);
    g->expires[0] = '\0';
    if (k->yearly) {
        iso_date(vi_day_number(vi_unix_from_local(g->date.year, 12, 31, 12, 0, 0)), g->expires);
        char today[11];
        iso_date(d->today, today);
        if (strcmp(g->expires, today) < 0)
            g->status = 2;
    }
    int64_t created = (g->day + rng_range(&d->rng, 0, 2)) * DAY + 9 * 3600 - VI_UTC_OFFSET;
    if (created > d->now)
        created = d->now;

    struct str signer = buf_str(&d->signer_names[g->issuer][g->signer]);
    int64_t doc_fields[4];
    for (int i = 0; i < g->n_fields; i++)
        doc_fields[i] = g->fields[i] + 1;
    struct docs_document_input in = {
        .id = g->id,
        .create = true,
        .number = buf_str(&d->raw),
        .type_id = (int64_t)k->type + 1,
        .issuer_id = (int64_t)g->issuer + 1,
        .signer_name = signer,
        .signer_position = str_cstr(issuers[g->issuer].positions[g->signer]),
        .issued_on = str_cstr(issued),
        .effective_on = k->no_effect_date ? STR("") : str_cstr(effective),
        .expires_on = str_cstr(g->expires),
        .status = g->status,
        .abstract = buf_str(&d->abstract),
        .body = buf_str(&d->body),
        .slug = buf_str(&d->slug),
        .published = g->published,
        .created_at = created,
        .updated_at = created,
        .field_ids = doc_fields,
        .n_fields = (size_t)g->n_fields,
        .views = rng_range(&d->rng, 40, 4000),
    };
    const char *problem = NULL;
    if (wrote(d, docs_document_save(d->db, &in, NULL, &problem), "một văn bản", problem) != 0)
        return -1;
    /* one document in three has its PDF; one in nine an appendix too */
    if (g->id % 3 == 1) {
        struct str number = str_cstr(n.canonical);
        if (write_file(d, g, 0, number, buf_str(&d->abstract), created) != 0)
            return -1;
        if (g->id % 9 == 1 && write_file(d, g, 1, number, buf_str(&d->abstract), created) != 0)
            return -1;
    }
    return 0;
}

/* A newer document of a replaceable kind replaces the older one of the
 * same kind and office, now and then. */
static int write_replacements(struct docs_demo *d)
{
    bool any = false;
    for (size_t i = 0; i < DEMO_DOCUMENTS; i++) {
        struct gen_doc *old = &d->docs[i];
        if (!kinds[old->kind].replaceable || !old->published || old->status != 1)
            continue;
        for (size_t j = i + 1; j < DEMO_DOCUMENTS; j++) {
            struct gen_doc *nw = &d->docs[j];
            if (nw->kind != old->kind || nw->issuer != old->issuer || !nw->published || nw->day == old->day)
                continue;
            if (any && !rng_percent(&d->rng, 70))
                break; /* the first pair always: the demo shows a replacement */
            char until[11];
            iso_date(nw->day + kinds[nw->kind].effect_days, until);
            const char *problem = NULL;
            if (wrote(d, docs_document_replace(d->db, old->id, nw->id, str_cstr(until), &problem),
                      "việc thay thế văn bản", problem) != 0)
                return -1;
            old->status = 3;
            old->replaced_by = nw->id;
            any = true;
            break;
        }
    }
    return 0;
}

/* About one article in five cites one or two documents issued before it. */
static int write_article_links(struct docs_demo *d)
{
    int64_t first_day = d->docs[0].day;
    for (size_t i = 0; i < d->n_articles; i++) {
        int64_t article = (int64_t)i + 1;
        int64_t day = vi_day_number(d->article_times[i]);
        if (day <= first_day || !rng_percent(&d->rng, LINK_PERCENT))
            continue;
        size_t before = 0; /* documents issued before the article */
        while (before < DEMO_DOCUMENTS && d->docs[before].day < day)
            before++;
        int links = rng_percent(&d->rng, 60) ? 1 : 2;
        for (int l = 0; l < links; l++) {
            /* recent documents are cited most */
            size_t lo = before > 12 ? before - 12 : 0;
            const struct gen_doc *g = &d->docs[lo + rng_below(&d->rng, (uint32_t)(before - lo))];
            const char *problem = NULL;
            if (wrote(d, docs_cite(d->db, article, g->id, &problem), "một trích dẫn văn bản", problem) != 0)
                return -1;
        }
    }
    return 0;
}

static void docs_demo_free(struct docs_demo *d)
{
    for (int i = 0; i < I_COUNT; i++)
        for (int j = 0; j < 2; j++)
            buf_free(&d->signer_names[i][j]);
    struct buf *bufs[] = {&d->raw, &d->abstract, &d->body, &d->slug, &d->scratch, &d->pdf, &d->file_name};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        buf_free(bufs[i]);
}

int demo_fill_documents(struct store_conn *db, unsigned seed, int64_t now, const int64_t *article_times,
                        size_t n_articles, char *err, size_t errlen)
{
    struct docs_demo *d = calloc(1, sizeof *d);
    if (!d) {
        if (errlen)
            snprintf(err, errlen, "văn bản mẫu: hết bộ nhớ");
        return -1;
    }
    d->db = db;
    d->article_times = article_times;
    d->n_articles = n_articles;
    d->err = err;
    d->errlen = errlen;
    if (errlen > 0)
        err[0] = '\0';
    d->now = now;
    d->today = vi_day_number(now);
    d->rng.state = 0x56414E2D42414E00ull ^ ((uint64_t)seed * 0x9E3779B97F4A7C15ull);

    int rc = -1;
    if (write_catalogues(d) == 0) {
        make_signers(d);
        draw_documents(d);
        rc = 0;
        for (size_t i = 0; i < DEMO_DOCUMENTS && rc == 0; i++)
            rc = write_document(d, &d->docs[i]);
        if (rc == 0)
            rc = write_replacements(d);
        if (rc == 0)
            rc = write_article_links(d);
    }
    docs_demo_free(d);
    free(d);
    return rc;
}
