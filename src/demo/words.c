/*
 * words.c - the vocabulary of the demo content; see words.h.
 *
 * Every sentence here was written for dinh's demo database. The places are
 * communes and districts of Hà Tĩnh; the people, numbers, documents and
 * events are invented by demo.c when it expands the slots. Patterns must
 * not contain '|' or "]]" (they end up inside image blocks) or newlines
 * (they would split a paragraph).
 */
#include "demo/words.h"

/* --- category: Tin hoạt động -------------------------------------------- */

static const struct words_title activity_titles[] = {
    {"{Cap} sơ kết 6 tháng đầu năm {nam} xây dựng nông thôn mới",
     "Sáu tháng đầu năm {nam}, {cap} huy động hơn {ty} cho xây dựng nông thôn mới; nhiều tiêu chí khó đã có chuyển biến rõ nét.",
     NULL},
    {"Tập huấn nghiệp vụ xây dựng nông thôn mới cho {so_vua} cán bộ cơ sở tại {cap}",
     "{Buoi} {ngay}, Văn phòng Điều phối nông thôn mới tỉnh phối hợp với {cap} mở lớp tập huấn nghiệp vụ cho cán bộ làm công tác nông thôn mới ở thôn, xã.",
     "{Buoi} {ngay}, tại hội trường UBND xã {xa}, Văn phòng Điều phối nông thôn mới tỉnh khai giảng lớp tập huấn nghiệp vụ cho {so_vua} học viên là cán bộ thôn, xã và các tổ chức đoàn thể. Lớp tập huấn tập trung vào các chuyên đề: quy trình đánh giá, xét công nhận xã đạt chuẩn; hướng dẫn thực hiện bộ tiêu chí giai đoạn {giai_doan}; kỹ năng vận động người dân tham gia. Các học viên được trao đổi trực tiếp với giảng viên về những vướng mắc thường gặp khi hoàn thiện hồ sơ, minh chứng các tiêu chí."},
    {"Đoàn công tác tỉnh kiểm tra tiến độ xây dựng nông thôn mới tại xã {xa}",
     "Đoàn công tác do {lanh_dao} dẫn đầu đã kiểm tra thực tế các công trình, phần việc về đích nông thôn mới của xã {xa}.",
     "{Buoi} {ngay}, đoàn công tác của tỉnh do {lanh_dao} dẫn đầu đã có buổi kiểm tra tiến độ xây dựng nông thôn mới tại {noi}. Tham gia đoàn công tác có đại diện {so_nn}, Văn phòng Điều phối nông thôn mới tỉnh và một số thành viên Ban Chỉ đạo các Chương trình mục tiêu quốc gia tỉnh."},
    {"Giao ban Văn phòng Điều phối nông thôn mới các cấp quý {quy}/{nam}",
     "Hội nghị đánh giá kết quả thực hiện nhiệm vụ trong quý, chỉ ra tồn tại và bàn giải pháp tháo gỡ khó khăn cho các xã đăng ký về đích năm {nam}.",
     NULL},
    {"Tham quan, học tập kinh nghiệm xây dựng khu dân cư kiểu mẫu tại thôn {thon}, xã {xa}",
     "Hơn {so_vua} cán bộ thôn, xã đã trực tiếp tìm hiểu cách làm hay trong chỉnh trang khu dân cư, xây dựng vườn mẫu tại {noi}.",
     "Trong hai ngày, đoàn gồm {so_vua} cán bộ thôn, xã đã đến tham quan, học tập kinh nghiệm tại thôn {thon}, {noi}."},
    {"Xã {xa} ra quân ngày chủ nhật xanh, chỉnh trang đường làng ngõ xóm",
     "Hàng trăm đoàn viên, hội viên và người dân xã {xa} đã phát quang, trồng hoa, thu gom rác thải dọc các tuyến đường thôn.",
     "Ngay từ sáng sớm {ngay}, hàng trăm người dân các thôn của xã {xa} đã mang theo cuốc, xẻng, chổi ra quân dọn vệ sinh môi trường."},
    {"{Cap} đề ra {so_nho} nhóm nhiệm vụ trọng tâm xây dựng nông thôn mới năm {nam}",
     "Năm {nam}, {cap} phấn đấu nâng cao chất lượng các tiêu chí đã đạt, có thêm {so_nho} khu dân cư kiểu mẫu và {so_vua} vườn mẫu.",
     NULL},
    {"Thẩm định kết quả xây dựng nông thôn mới nâng cao tại xã {xa} năm {nam}",
     "Đoàn thẩm định của tỉnh đã kiểm tra hồ sơ, khảo sát thực tế và lấy ý kiến người dân về kết quả thực hiện các tiêu chí tại xã {xa}.",
     "{Buoi} {ngay}, đoàn thẩm định của tỉnh đã làm việc với xã {xa} về kết quả thực hiện các tiêu chí xã nông thôn mới nâng cao. Đoàn đã kiểm tra hồ sơ, tài liệu và khảo sát thực tế các công trình giao thông, nhà văn hóa, trường học, chợ nông thôn và điểm tập kết rác thải của xã."},
    {"Khánh thành nhà văn hóa thôn {thon}, xã {xa}",
     "Công trình có tổng kinh phí hơn {ty}, trong đó người dân đóng góp khoảng {phan_tram} bằng tiền mặt, ngày công và hiến đất.",
     "{Buoi} {ngay}, thôn {thon}, xã {xa} long trọng tổ chức lễ khánh thành nhà văn hóa thôn sau {so_nho} tháng thi công."},
    {"Xã {xa} đón Bằng công nhận đạt chuẩn nông thôn mới nâng cao",
     "Sau nhiều năm nỗ lực, xã {xa} đã hoàn thành các tiêu chí xã nông thôn mới nâng cao và chính thức đón nhận Bằng công nhận.",
     "{Buoi} {ngay}, xã {xa} tổ chức lễ đón nhận Bằng công nhận xã đạt chuẩn nông thôn mới nâng cao, đón nhận Cờ thi đua của UBND tỉnh."},
    {"Đối thoại với người dân về xây dựng nông thôn mới ở xã {xa}",
     "Hơn {so_vua} người dân đã trực tiếp nêu ý kiến về đường giao thông, vệ sinh môi trường và việc huy động đóng góp tại buổi đối thoại.",
     "{Buoi} {ngay}, UBND xã {xa} tổ chức buổi đối thoại trực tiếp với người dân về những nội dung còn băn khoăn trong xây dựng nông thôn mới. Người dân quan tâm đến tiến độ làm đường liên thôn, việc thu gom rác thải và chính sách hỗ trợ phát triển sản xuất. Những kiến nghị thuộc thẩm quyền đã được lãnh đạo xã trả lời ngay tại buổi đối thoại; các nội dung khác được ghi nhận để báo cáo cấp trên."},
    {"Hội nghị triển khai kế hoạch xây dựng nông thôn mới năm {nam} tại {cap}",
     "Hội nghị thống nhất mục tiêu, phân công phần việc cho từng thôn, từng tổ chức đoàn thể để thực hiện kế hoạch năm {nam}.",
     NULL},
    {"Ra mắt mô hình {mo_hinh} tại thôn {thon}, xã {xa}",
     "Mô hình được xây dựng với sự chung tay của người dân và các tổ chức đoàn thể, góp phần nâng cao chất lượng tiêu chí môi trường.",
     "{Buoi} {ngay}, thôn {thon}, xã {xa} tổ chức ra mắt mô hình {mo_hinh} với sự tham gia của đông đảo người dân."},
    {"{Cap} có thêm {so_nho} thôn đạt chuẩn khu dân cư kiểu mẫu",
     "Các thôn được công nhận đều có đường làng sạch đẹp, hàng rào xanh, vườn hộ được cải tạo và tỷ lệ hộ khá, giàu tăng nhanh.",
     NULL},
    {"Hội nghị tổng kết xây dựng nông thôn mới năm {nam_truoc} ở {cap}",
     "Năm {nam_truoc}, {cap} đã huy động hơn {ty} để thực hiện chương trình, nhiều mô hình hay được nhân rộng.", NULL},
    {"{So_nho} tháng đầu năm {nam}, {cap} huy động {ty} xây dựng nông thôn mới",
     "Nguồn lực huy động tập trung cho giao thông, thủy lợi, chỉnh trang khu dân cư và hỗ trợ phát triển sản xuất.",
     NULL},
    {"Hơn {so_vua} hội viên {doan_the} xã {xa} ra quân làm đường hoa",
     "Các tuyến đường hoa do hội viên đảm nhận góp phần làm đẹp cảnh quan, hoàn thiện tiêu chí môi trường của xã {xa}.",
     "{Buoi} {ngay}, hơn {so_vua} hội viên {doan_the} xã {xa} đã ra quân trồng hoa, làm cỏ dọc tuyến đường liên thôn."},
    {"Xã {xa} bàn giải pháp {chu_de} năm {nam}",
     "Hội nghị thống nhất các nhóm giải pháp trọng tâm, phân công cụ thể cho từng thôn, từng tổ chức đoàn thể trong năm {nam}.",
     NULL},
    {"Tọa đàm về {chu_de} tại {cap} năm {nam}",
     "Các đại biểu đã chia sẻ kinh nghiệm, cách làm hay và đề xuất giải pháp tháo gỡ những khó khăn ở cơ sở.",
     "{Buoi} {ngay}, {cap} tổ chức tọa đàm về {chu_de} với sự tham gia của cán bộ các thôn và nhiều hộ dân tiêu biểu."},
    {"Thôn {thon}, xã {xa} khởi công xây dựng {hang_muc}",
     "Công trình có tổng kinh phí {ty}, được người dân bàn bạc, thống nhất và cùng đóng góp công sức thực hiện.",
     "{Buoi} {ngay}, thôn {thon}, xã {xa} tổ chức khởi công xây dựng {hang_muc} với sự chứng kiến của đông đảo người dân."},
    {"Đoàn cán bộ {cap} học tập kinh nghiệm {chu_de} tại xã {xa2}",
     "Chuyến đi giúp cán bộ cơ sở có thêm cách làm hay để vận dụng vào thực tiễn địa phương mình.", NULL},
    {"Ngày hội đại đoàn kết ở thôn {thon}, xã {xa} năm {nam}",
     "Ngày hội là dịp để người dân cùng nhìn lại kết quả xây dựng nông thôn mới, khu dân cư kiểu mẫu của thôn trong năm qua.",
     "{Buoi} {ngay}, thôn {thon}, xã {xa} tổ chức Ngày hội đại đoàn kết toàn dân tộc năm {nam} trong không khí vui tươi, phấn khởi."},
};

static const char *const activity_firsts[] = {
    "{Buoi} {ngay}, {cap} tổ chức hội nghị đánh giá kết quả thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới và triển khai nhiệm vụ thời gian tới.",
    "{Buoi} {ngay}, tại hội trường UBND xã {xa}, Văn phòng Điều phối nông thôn mới tỉnh phối hợp với địa phương tổ chức hội nghị với sự tham gia của {so_vua} đại biểu.",
};

static const char *const activity_openings[] = {
    "Dự và chỉ đạo có {lanh_dao}; đại diện lãnh đạo các sở, ban, ngành cấp tỉnh và cán bộ chủ chốt của các thôn trên địa bàn.",
    "Theo báo cáo, đến nay {noi} đã đạt {so_tieu_chi} tiêu chí; các tiêu chí còn lại đang được tập trung chỉ đạo để hoàn thành trong năm {nam}.",
    "Đây là hoạt động nằm trong kế hoạch năm {nam} của Văn phòng Điều phối nông thôn mới tỉnh nhằm kịp thời nắm bắt, tháo gỡ khó khăn cho cơ sở.",
    "Chương trình có sự tham gia của cán bộ các thôn, tổ dân vận, đại diện {doan_the} và nhiều hộ dân tiêu biểu trên địa bàn.",
    "Cùng dự có đại diện Ủy ban Mặt trận Tổ quốc, các tổ chức chính trị - xã hội và trưởng các thôn trên địa bàn.",
};

static const char *const activity_details[] = {
    "Trong {so_nho} tháng, các địa phương đã huy động hơn {ty} để thực hiện các công trình, phần việc; riêng nhân dân đóng góp trên {trieu} cùng hàng nghìn ngày công.",
    "Toàn {cap} đã làm mới và nâng cấp {km} đường giao thông nông thôn, {km} kênh mương nội đồng, chỉnh trang hàng trăm cổng ngõ, tường rào.",
    "Công tác tuyên truyền được đổi mới, nhiều thôn đã đưa nội dung xây dựng nông thôn mới vào hương ước, quy ước và sinh hoạt định kỳ của chi bộ.",
    "Nhiều mô hình hay như {mo_hinh}, tuyến đường hoa, tuyến điện chiếu sáng đã được nhân rộng trong các khu dân cư.",
    "Bên cạnh kết quả đạt được, một số hạn chế vẫn còn như tiến độ thực hiện tiêu chí {tieu_chi} ở một số thôn còn chậm, việc duy trì vệ sinh môi trường chưa thường xuyên.",
    "Các đại biểu tập trung thảo luận giải pháp nâng cao thu nhập cho người dân, phát triển sản phẩm OCOP và củng cố hoạt động của các hợp tác xã.",
    "Kết quả lấy ý kiến cho thấy {phan_tram_cao} người dân được hỏi hài lòng với kết quả xây dựng nông thôn mới trên địa bàn.",
    "Tính đến nay, trên địa bàn có {so_vua} thôn đạt chuẩn khu dân cư nông thôn mới kiểu mẫu và {so_nho} thôn đang hoàn thiện hồ sơ đề nghị công nhận.",
    "Nhiều ý kiến đề nghị tỉnh tiếp tục duy trì cơ chế hỗ trợ xi măng, hỗ trợ xây dựng khu dân cư kiểu mẫu và vườn mẫu trong thời gian tới.",
};

static const char *const activity_tags[] = {
    "nông thôn mới",        "tập huấn", "thẩm định", "huy động nguồn lực", "dân vận khéo", "khen thưởng",
    "môi trường nông thôn",
};

/* --- category: Chỉ đạo điều hành ---------------------------------------- */

static const struct words_title direction_titles[] = {
    {"Ban Chỉ đạo các Chương trình mục tiêu quốc gia tỉnh họp phiên thường kỳ quý {quy}/{nam}",
     "Phiên họp đánh giá tiến độ thực hiện các chương trình mục tiêu quốc gia, cho ý kiến về phân bổ vốn và lộ trình về đích của các địa phương.",
     NULL},
    {"Tập trung hoàn thành các tiêu chí còn thiếu ở các xã đăng ký về đích năm {nam}",
     "{Lanh_dao} yêu cầu các sở, ngành, địa phương rà soát từng tiêu chí, phân công rõ người, rõ việc, rõ thời gian hoàn thành.",
     NULL},
    {"Đẩy nhanh giải ngân vốn Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm {nam}",
     "Đến ngày {ngay}, tỷ lệ giải ngân vốn đầu tư phát triển của chương trình mới đạt {phan_tram} kế hoạch; UBND tỉnh yêu cầu các chủ đầu tư có giải pháp cụ thể.",
     NULL},
    {"Chấn chỉnh việc huy động đóng góp vượt khả năng của người dân ở {cap}",
     "Văn phòng Điều phối nông thôn mới tỉnh đề nghị các địa phương thực hiện nghiêm nguyên tắc dân chủ, công khai, tự nguyện trong huy động nguồn lực.",
     "Qua theo dõi, Văn phòng Điều phối nông thôn mới tỉnh nhận được phản ánh về việc một số thôn của {cap} đặt mức đóng góp bình quân cho các hộ."},
    {"Phân công thành viên Ban Chỉ đạo phụ trách các xã khó khăn năm {nam}",
     "Mỗi thành viên Ban Chỉ đạo được giao theo dõi, giúp đỡ một xã có số tiêu chí đạt thấp, định kỳ báo cáo kết quả hằng quý.",
     NULL},
    {"Rà soát thực trạng các tiêu chí nông thôn mới ở xã {xa}",
     "Kết quả rà soát là cơ sở để xã {xa} xây dựng lộ trình nâng chất các tiêu chí, tránh tình trạng tiêu chí xuống cấp sau công nhận.",
     NULL},
    {"{Lanh_dao} làm việc với {cap} về xây dựng nông thôn mới",
     "{Lanh_dao} đề nghị {cap} tập trung nâng cao thu nhập cho người dân và giữ vững các tiêu chí đã đạt.",
     "{Buoi} {ngay}, {lanh_dao} có buổi làm việc với {cap} về tiến độ thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới."},
    {"Kiểm tra công tác thẩm định, xét công nhận xã đạt chuẩn nông thôn mới năm {nam}",
     "Các đoàn kiểm tra sẽ làm việc trực tiếp tại xã, đối chiếu hồ sơ với thực tế và lấy ý kiến người dân trước khi Hội đồng thẩm định họp xét.",
     NULL},
    {"Triển khai bộ tiêu chí nông thôn mới giai đoạn {giai_doan} trên địa bàn tỉnh",
     "Các sở, ngành được giao chủ trì tiêu chí phải ban hành hướng dẫn thực hiện trong tháng, làm căn cứ để các xã xây dựng kế hoạch.",
     NULL},
    {"Tăng cường truyền thông về xây dựng nông thôn mới năm {nam}",
     "Nội dung truyền thông tập trung vào các mô hình hay, gương điển hình và kết quả thực hiện bộ tiêu chí giai đoạn {giai_doan}.",
     NULL},
    {"Hướng dẫn lấy ý kiến sự hài lòng của người dân về kết quả xây dựng nông thôn mới",
     "Việc lấy ý kiến phải bảo đảm khách quan, đúng đối tượng; mẫu phiếu được phát đến hộ gia đình ở tất cả các thôn.",
     NULL},
    {"Không để phát sinh nợ đọng xây dựng cơ bản trong xây dựng nông thôn mới ở {cap}",
     "UBND tỉnh yêu cầu chỉ khởi công công trình khi đã cân đối được nguồn vốn; các khoản nợ cũ phải có lộ trình xử lý dứt điểm.",
     NULL},
    {"Kiểm tra tiến độ {chu_de} tại xã {xa} năm {nam}",
     "{Lanh_dao} đề nghị xã {xa} bám sát kế hoạch, tập trung vào các phần việc còn chậm và những tiêu chí khó.",
     "{Buoi} {ngay}, {lanh_dao} đã kiểm tra tiến độ {chu_de} tại {noi}."},
    {"Tháo gỡ vướng mắc tiêu chí {tieu_chi} cho xã {xa}",
     "Các sở, ngành phụ trách tiêu chí đã cùng xã {xa} rà soát từng chỉ tiêu, thống nhất cách làm và thời hạn hoàn thành.",
     NULL},
    {"Ban Chỉ đạo tỉnh giao {so_nho} nhiệm vụ trọng tâm trong tháng {thang}/{nam}",
     "Các nhiệm vụ tập trung vào giải ngân vốn, hoàn thiện hồ sơ xét công nhận và duy trì các tiêu chí đã đạt.", NULL},
    {"Đôn đốc giải ngân vốn nông thôn mới ở {cap}: mới đạt {phan_tram} kế hoạch",
     "Văn phòng Điều phối nông thôn mới tỉnh đề nghị {cap} rà soát từng công trình, điều chuyển vốn từ nơi chậm sang nơi có khối lượng.",
     NULL},
    {"Giao ban tiến độ {chu_de} tháng {thang}/{nam} tại {cap}",
     "Cuộc giao ban đánh giá những phần việc đã làm trong tháng, chỉ ra việc chậm và giao nhiệm vụ cho tháng tới.",
     NULL},
    {"UBND tỉnh yêu cầu {cap} hoàn thành tiêu chí {tieu_chi} trước ngày {han}",
     "Đây là tiêu chí còn thiếu để địa phương đủ điều kiện đề nghị thẩm định, xét công nhận trong năm {nam}.", NULL},
    {"Xã {xa} cần thêm {ty} để hoàn thành các tiêu chí còn lại",
     "Qua rà soát, xã {xa} đã đạt {so_tieu_chi} tiêu chí; phần lớn kinh phí còn thiếu dành cho giao thông và trường học.",
     NULL},
    {"Thành lập {so_nho} đoàn kiểm tra {chu_de} năm {nam}",
     "Các đoàn kiểm tra sẽ làm việc tại các xã trong tháng {thang}, tập trung vào hồ sơ, minh chứng và ý kiến của người dân.",
     NULL},
};

static const char *const direction_firsts[] = {
    "{Buoi} {ngay}, {lanh_dao} chủ trì phiên họp của Ban Chỉ đạo các Chương trình mục tiêu quốc gia tỉnh. Cùng dự có các thành viên Ban Chỉ đạo, lãnh đạo các sở, ngành chủ trì tiêu chí và đại diện lãnh đạo các địa phương.",
    "Văn phòng Điều phối nông thôn mới tỉnh vừa có văn bản gửi các sở, ngành và địa phương về việc triển khai một số nhiệm vụ trọng tâm trong thời gian tới.",
    "Thực hiện {van_ban}, các địa phương đã khẩn trương rà soát, xây dựng kế hoạch chi tiết cho từng tiêu chí.",
};

static const char *const direction_openings[] = {
    "Theo báo cáo của cơ quan thường trực, đến nay toàn tỉnh đã giải ngân được {ty} vốn ngân sách trung ương, đạt {phan_tram} kế hoạch giao.",
    "Năm {nam}, toàn tỉnh phấn đấu có thêm {so_nho} xã đạt chuẩn nông thôn mới nâng cao và {so_nho} thôn đạt chuẩn khu dân cư kiểu mẫu.",
    "Theo Văn phòng Điều phối nông thôn mới tỉnh, đến nay toàn tỉnh có {so_vua} thôn đạt chuẩn khu dân cư kiểu mẫu và {so_nho} sản phẩm OCOP được nâng hạng.",
};

static const char *const direction_details[] = {
    "Các sở, ngành được giao phụ trách tiêu chí phải thường xuyên bám sát cơ sở, hướng dẫn cụ thể việc hoàn thiện hồ sơ và minh chứng.",
    "Đối với tiêu chí {tieu_chi}, cơ quan chủ trì cần sớm có hướng dẫn thống nhất để các xã triển khai, tránh mỗi nơi hiểu một cách.",
    "UBND tỉnh yêu cầu tuyệt đối không để phát sinh nợ đọng xây dựng cơ bản trong quá trình thực hiện chương trình.",
    "Việc huy động đóng góp của người dân phải trên tinh thần tự nguyện, công khai, minh bạch, phù hợp với điều kiện thực tế của từng hộ.",
    "Các đơn vị được phân công đỡ đầu phải có chương trình, phần việc cụ thể, tránh hỗ trợ hình thức.",
    "Ban Chỉ đạo thống nhất phân bổ {ty} vốn sự nghiệp cho các nội dung đào tạo, truyền thông và hỗ trợ phát triển sản xuất.",
    "Cơ quan thường trực được giao tổng hợp, báo cáo kết quả định kỳ hằng tháng, kịp thời tham mưu tháo gỡ các vướng mắc phát sinh.",
    "Tỷ lệ giải ngân ở một số chủ đầu tư còn thấp, chủ yếu do vướng mắc trong giải phóng mặt bằng và thủ tục đầu tư.",
    "Một số địa phương chưa quan tâm đúng mức đến việc duy trì, nâng cao chất lượng tiêu chí sau khi được công nhận, nhất là tiêu chí môi trường.",
    "Các xã phải công khai kế hoạch, dự toán và kết quả thực hiện từng công trình tại trụ sở UBND xã và nhà văn hóa các thôn.",
    "Thành viên Ban Chỉ đạo phụ trách địa bàn phải nắm chắc tình hình, trực tiếp dự các cuộc họp thôn khi bàn về huy động nguồn lực.",
    "Hồ sơ đề nghị xét công nhận phải được hoàn thiện trước ngày 30/10 để Hội đồng thẩm định tỉnh kịp tổ chức họp xét trong năm.",
};

static const char *const direction_tags[] = {
    "Ban Chỉ đạo", "giải ngân", "thẩm định", "huy động nguồn lực", "nông thôn mới nâng cao", "quy hoạch",
};

/* --- category: Khu dân cư kiểu mẫu, vườn mẫu ----------------------------- */

static const struct words_title model_area_titles[] = {
    {"Thôn {thon} chung sức xây dựng khu dân cư kiểu mẫu",
     "Bằng cách làm dân chủ, công khai, người dân thôn {thon}, xã {xa} đã hiến đất, góp công chỉnh trang đường làng, cổng ngõ và vườn hộ.",
     NULL},
    {"Vườn mẫu cho thu nhập hơn {trieu} mỗi năm ở thôn {thon}",
     "Từ mảnh vườn tạp, gia đình {nong_dan} đã cải tạo thành vườn mẫu với hệ thống tưới tiết kiệm và các loại cây ăn quả cho giá trị cao.",
     "Gia đình {nong_dan} ở thôn {thon}, {noi} có khu vườn rộng hơn {so_lon} m2, trước đây chủ yếu trồng rau màu và ít cây ăn quả theo kiểu tự cung tự cấp."},
    {"{Cap} có thêm {so_nho} khu dân cư và {so_vua} vườn đạt chuẩn mẫu",
     "Kết quả thẩm định cho thấy các khu dân cư và vườn được công nhận đều đáp ứng đầy đủ yêu cầu của bộ tiêu chí do tỉnh ban hành.",
     NULL},
    {"Những con đường hoa làm đẹp làng quê {xa}",
     "Từ những bãi đất trống, ven đường đầy cỏ dại, người dân xã {xa} đã trồng hoa, cắt tỉa hàng rào xanh, tạo nên những tuyến đường sạch đẹp.",
     NULL},
    {"Xã {xa} hoàn thiện các tiêu chí khu dân cư kiểu mẫu cho thôn {thon}",
     "Thôn {thon} đã hoàn thành phần lớn các phần việc; các hạng mục còn lại được xã hỗ trợ vật liệu để kịp thẩm định trong năm {nam}.",
     NULL},
    {"Hàng rào xanh, ngõ xóm sạch ở thôn {thon}, xã {xa}",
     "Hàng rào xanh cắt tỉa đồng đều, ngõ xóm sạch sẽ, vườn hộ cho thu nhập ổn định là diện mạo mới ở thôn {thon}.",
     NULL},
    {"Người dân thôn {thon} hiến {so_lon} m2 đất mở rộng đường làng",
     "Không cần đền bù, các hộ dân thôn {thon}, xã {xa} đã tự nguyện tháo dỡ tường rào, hiến đất để mở rộng các tuyến đường trong thôn.",
     NULL},
    {"Phát triển kinh tế vườn gắn với xây dựng vườn mẫu ở {noi}",
     "Nhiều hộ đã mạnh dạn cải tạo vườn tạp, đưa giống cây có giá trị kinh tế cao vào trồng, áp dụng tưới tiết kiệm và sản xuất an toàn.",
     NULL},
    {"Thẩm định khu dân cư kiểu mẫu và vườn mẫu đợt {so_nho} năm {nam} tại {cap}",
     "Đoàn thẩm định đã kiểm tra thực tế từng hộ, từng tuyến đường và đối chiếu với hồ sơ đề nghị công nhận của các thôn.",
     NULL},
    {"Giữ gìn cảnh quan sau khi đạt chuẩn khu dân cư kiểu mẫu ở thôn {thon}",
     "Thôn {thon} đã thành lập tổ tự quản, phân công từng hộ chăm sóc đoạn đường trước nhà để giữ vững các tiêu chí đã đạt.",
     NULL},
    {"Thôn {thon} trồng mới {so_lon} m hàng rào xanh",
     "Người dân đã thay tường rào bằng hàng rào cây xanh, kết hợp trồng hoa dọc các tuyến đường chính của thôn {thon}, xã {xa}.",
     NULL},
    {"Từ vườn tạp thành vườn mẫu: câu chuyện ở thôn {thon}",
     "Chỉ sau {so_nho} năm, thôn {thon} đã có {so_nho} vườn đạt chuẩn vườn mẫu, cho thu nhập cao gấp nhiều lần so với trước.",
     NULL},
    {"Xã {xa} có thêm {so_nho} khu dân cư kiểu mẫu và {so_vua} vườn mẫu năm {nam}",
     "Kết quả này có được nhờ cách làm dân chủ, công khai và sự hỗ trợ kịp thời của tỉnh về xi măng, cây giống.", NULL},
    {"Thôn {thon}, xã {xa} về đích khu dân cư kiểu mẫu năm {nam}",
     "Sau hơn một năm nỗ lực, thôn {thon} đã hoàn thành các tiêu chí khu dân cư nông thôn mới kiểu mẫu.", NULL},
};

static const char *const model_area_firsts[] = {
    "Những ngày này, về thôn {thon}, xã {xa}, dễ dàng nhận thấy sự đổi thay với những tuyến đường bê tông sạch sẽ, hai bên là hàng rào xanh cắt tỉa gọn gàng.",
    "Năm {nam_truoc}, thôn {thon} được xã {xa} chọn làm điểm xây dựng khu dân cư kiểu mẫu.",
};

static const char *const model_area_openings[] = {
    "Thôn {thon} có {so_vua} hộ dân, kinh tế chủ yếu dựa vào sản xuất nông nghiệp; trước đây đường sá nhỏ hẹp, vườn tạp còn nhiều.",
    "Ngay khi có chủ trương, chi bộ và ban công tác mặt trận thôn đã tổ chức họp dân, công khai kế hoạch và các phần việc cần làm.",
    "Theo trưởng thôn, việc khó nhất không phải là tiền mà là làm sao để mọi người cùng đồng lòng.",
};

static const char *const model_area_details[] = {
    "Người dân đã tự nguyện hiến hơn {so_lon} m2 đất, tháo dỡ hàng trăm mét tường rào để mở rộng đường, làm rãnh thoát nước.",
    "Các hộ được hướng dẫn quy hoạch lại vườn, trồng cây ăn quả có giá trị như bưởi, cam, ổi và rau an toàn, kết hợp chăn nuôi hợp vệ sinh.",
    "Tổng kinh phí thực hiện các phần việc hơn {ty}, trong đó nhân dân đóng góp khoảng {phan_tram} bằng tiền mặt, ngày công và vật liệu.",
    "Hàng rào xanh được trồng bằng cây chè tàu, râm bụt, cắt tỉa đồng đều; cổng ngõ được sơn sửa, đánh số nhà thống nhất.",
    "Mỗi hộ đều có thùng phân loại rác tại nguồn; chất thải chăn nuôi được xử lý bằng đệm lót sinh học hoặc hầm biogas.",
    "Vườn được lắp đặt hệ thống tưới nhỏ giọt, sản phẩm bảo đảm an toàn thực phẩm và có liên kết tiêu thụ ổn định với các cửa hàng trong vùng.",
    "Chi hội phụ nữ thôn đảm nhận tuyến đường hoa dài {km}; mỗi tuần một lần, hội viên ra quân nhổ cỏ, chăm sóc hoa.",
    "Theo bộ tiêu chí của tỉnh, vườn mẫu phải có quy hoạch được UBND xã xác nhận, ứng dụng tiến bộ kỹ thuật và sản phẩm bảo đảm an toàn thực phẩm.",
    "Thu nhập bình quân của thôn đã tăng lên {thu_nhap}/người/năm; số hộ nghèo giảm mạnh, nhiều gia đình làm nhà mới khang trang.",
    "Để giữ cảnh quan, thôn thành lập tổ tự quản môi trường, quy định rõ trách nhiệm của từng hộ đối với đoạn đường trước nhà.",
    "Nhà văn hóa thôn được nâng cấp, khuôn viên trồng cây xanh, có sân chơi cho trẻ em và dụng cụ tập thể dục cho người cao tuổi.",
    "Nhiều con em xa quê đã gửi tiền về ủng hộ làm đường, lắp đèn chiếu sáng và xây cổng chào của thôn.",
};

static const char *const model_area_tags[] = {
    "khu dân cư kiểu mẫu", "vườn mẫu", "đường hoa", "hiến đất", "kinh tế vườn", "môi trường nông thôn", "phân loại rác",
};

/* --- category: Chương trình OCOP ----------------------------------------- */

static const struct words_title ocop_titles[] = {
    {"{San_pham} đạt chuẩn OCOP {sao}",
     "Sản phẩm của {htx} được Hội đồng đánh giá, phân hạng chấm điểm cao về chất lượng, bao bì và khả năng phát triển thị trường.",
     NULL},
    {"Thêm {so_vua} sản phẩm được công nhận OCOP năm {nam}",
     "Các sản phẩm mới được công nhận chủ yếu thuộc nhóm thực phẩm và đồ uống, góp phần nâng tổng số sản phẩm OCOP của tỉnh.",
     NULL},
    {"{Htx} nâng hạng sản phẩm {san_pham} lên {sao}",
     "Sau khi đầu tư dây chuyền đóng gói và chuẩn hóa quy trình, sản phẩm {san_pham} đã được nâng hạng lên {sao}.",
     "Sau hơn một năm hoàn thiện quy trình sản xuất và hồ sơ, sản phẩm {san_pham} của {htx} đã được Hội đồng đánh giá, phân hạng cấp tỉnh công nhận đạt {sao}."},
    {"Đưa {san_pham} lên {ung_dung}",
     "Việc đưa sản phẩm lên môi trường số giúp các chủ thể OCOP mở rộng thị trường, tăng doanh thu và quảng bá thương hiệu.",
     NULL},
    {"Hội chợ sản phẩm OCOP và nông sản tiêu biểu năm {nam} thu hút {so_vua} gian hàng",
     "Hội chợ là dịp để các chủ thể OCOP giới thiệu sản phẩm, kết nối với doanh nghiệp phân phối và người tiêu dùng.",
     "{Buoi} {ngay}, hội chợ sản phẩm OCOP và nông sản tiêu biểu năm {nam} chính thức khai mạc với sự tham gia của {so_vua} gian hàng."},
    {"Tập huấn xây dựng hồ sơ sản phẩm OCOP cho các chủ thể ở {cap}",
     "Học viên được hướng dẫn cách xây dựng câu chuyện sản phẩm, tiêu chuẩn cơ sở, tem nhãn và hồ sơ đề nghị đánh giá, phân hạng.",
     NULL},
    {"Từ sản phẩm truyền thống đến {san_pham} đạt {sao}",
     "Giữ công thức truyền thống nhưng đầu tư bài bản về bao bì, truy xuất nguồn gốc, sản phẩm {san_pham} đã có chỗ đứng trên thị trường.",
     NULL},
    {"Giữ chất lượng sản phẩm OCOP sau công nhận ở {cap}",
     "Nhiều sản phẩm sau khi được công nhận chưa duy trì được chất lượng đồng đều, chưa chú trọng gia hạn giấy chứng nhận.",
     NULL},
    {"Đánh giá, phân hạng sản phẩm OCOP cấp tỉnh đợt {so_nho} năm {nam}",
     "Hội đồng đã chấm điểm {so_vua} sản phẩm của các chủ thể; những sản phẩm chưa đạt được hướng dẫn hoàn thiện để đánh giá lại.",
     NULL},
    {"Liên kết tiêu thụ {san_pham} cho nông dân {xa}",
     "Mô hình liên kết giúp nông dân yên tâm sản xuất, còn {htx} có nguồn nguyên liệu ổn định, đạt chuẩn.", NULL},
    {"{Htx} và câu chuyện khởi nghiệp từ {san_pham}",
     "Từ một cơ sở nhỏ, {htx} đã vươn lên trở thành chủ thể OCOP tiêu biểu, tạo việc làm cho nhiều lao động địa phương.",
     NULL},
};

static const char *const ocop_firsts[] = {
    "Vừa qua, Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh đã tổ chức chấm điểm các sản phẩm do các địa phương đề xuất.",
    "Chương trình Mỗi xã một sản phẩm (OCOP) đang trở thành động lực để các hợp tác xã, cơ sở sản xuất nhỏ đầu tư bài bản hơn cho sản phẩm của mình.",
    "Đến với {noi} những ngày này, dễ bắt gặp không khí tất bật ở các cơ sở sản xuất {san_pham}.",
};

static const char *const ocop_openings[] = {
    "{Htx} được thành lập năm {nam_truoc}, hiện có {so_vua} thành viên, chuyên sản xuất và cung ứng {san_pham}.",
    "Sản phẩm {san_pham} được làm theo công thức truyền thống, nguyên liệu lấy từ vùng sản xuất của các hộ thành viên.",
};

static const char *const ocop_details[] = {
    "Sản phẩm đã có mã QR truy xuất nguồn gốc, tem nhãn, bao bì được thiết kế lại và được cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm.",
    "Mỗi năm, {htx} cung ứng ra thị trường khoảng {so_vua} tấn sản phẩm, doanh thu hơn {ty}, tạo việc làm thường xuyên cho {so_vua} lao động.",
    "Sau khi đạt chuẩn OCOP, giá bán sản phẩm tăng từ 15 đến 20%, đơn hàng từ các siêu thị và cửa hàng đặc sản tăng rõ rệt.",
    "Hiện toàn tỉnh có {so_vua} sản phẩm đạt chuẩn OCOP từ 3 sao trở lên, nhiều sản phẩm đang được hoàn thiện hồ sơ đề nghị nâng hạng.",
    "Các chủ thể được hỗ trợ kinh phí thiết kế bao bì, xây dựng tiêu chuẩn cơ sở, tham gia hội chợ và quảng bá sản phẩm trên các nền tảng số.",
    "Tuy nhiên, quy mô sản xuất của nhiều chủ thể còn nhỏ, thiếu vốn đầu tư máy móc, chưa có kho bảo quản đạt chuẩn.",
    "Hội đồng đề nghị các chủ thể tiếp tục hoàn thiện câu chuyện sản phẩm, chú trọng chất lượng đồng đều giữa các lô hàng.",
    "Sản phẩm được bày bán tại các điểm giới thiệu sản phẩm OCOP, cửa hàng nông sản an toàn và trên {ung_dung}.",
    "Công ty TNHH Nông sản Xanh & Sạch đã ký hợp đồng bao tiêu {so_vua} tấn nguyên liệu mỗi năm cho các hộ liên kết.",
    "Theo quy định, sản phẩm đạt từ 50 đến dưới 70 điểm được xếp hạng 3 sao, từ 70 đến dưới 90 điểm được xếp hạng 4 sao.",
    "Nguyên liệu được thu mua từ vùng trồng có diện tích hơn {ha}, canh tác theo hướng hữu cơ, không dùng thuốc bảo vệ thực vật hóa học.",
};

static const char *const ocop_tags[] = {
    "OCOP", "hợp tác xã", "sản phẩm chủ lực", "xúc tiến thương mại", "an toàn thực phẩm", "thương mại điện tử",
};

/* --- category: Gương điển hình ------------------------------------------- */

static const struct words_title example_titles[] = {
    {"{Nong_dan} - người tiên phong hiến đất làm đường ở thôn {thon}",
     "Không chỉ hiến đất, {nong_dan_ngan} còn đi từng nhà vận động bà con cùng chung tay mở rộng đường làng ở thôn {thon}, xã {xa}.",
     NULL},
    {"Cựu chiến binh làm giàu từ mô hình {kinh_te} ở {noi}",
     "Trở về quê sau nhiều năm quân ngũ, {nong_dan} đã mạnh dạn đầu tư mô hình {kinh_te}, mỗi năm thu lãi hàng trăm triệu đồng.",
     NULL},
    {"Giám đốc hợp tác xã năng động ở xã {xa}",
     "Dưới sự điều hành của {nong_dan}, {htx} đã mở rộng sản xuất, liên kết tiêu thụ và có sản phẩm đạt chuẩn OCOP.",
     NULL},
    {"Trưởng thôn {thon} hết lòng vì phong trào nông thôn mới",
     "Hơn {so_nho} năm làm trưởng thôn, {nong_dan} luôn đi đầu trong mọi phần việc, được bà con tin tưởng, quý mến.",
     NULL},
    {"Gia đình {nong_dan} hiến {so_lon} m2 đất làm đường liên thôn",
     "Nghĩa cử của gia đình {nong_dan_ngan} đã lan tỏa, nhiều hộ khác ở thôn {thon} cũng tự nguyện hiến đất mở đường.",
     NULL},
    {"Thanh niên xã {xa} khởi nghiệp với mô hình {kinh_te}",
     "Sau thời gian làm việc ở thành phố, {nong_dan} quyết định về quê khởi nghiệp với mô hình {kinh_te}, bước đầu cho thu nhập ổn định.",
     NULL},
    {"Nông dân sản xuất, kinh doanh giỏi ở thôn {thon}, xã {xa}",
     "Nhờ chịu khó học hỏi, áp dụng khoa học kỹ thuật, {nong_dan} đã trở thành nông dân sản xuất, kinh doanh giỏi cấp tỉnh.",
     NULL},
    {"Tuyên dương {so_vua} tập thể, cá nhân tiêu biểu trong xây dựng nông thôn mới ở {cap}",
     "Các tập thể, cá nhân được tuyên dương đã có nhiều đóng góp về công sức, đất đai, tiền của cho phong trào xây dựng nông thôn mới.",
     "{Buoi} {ngay}, {cap} tổ chức lễ tuyên dương các tập thể, cá nhân tiêu biểu trong phong trào thi đua chung sức xây dựng nông thôn mới."},
    {"{Nong_dan} thu hơn {trieu} mỗi năm từ mô hình {kinh_te}",
     "Từ vài sào đất ban đầu, {nong_dan_ngan} đã mở rộng quy mô, đầu tư bài bản và trở thành một trong những hộ có thu nhập cao nhất xã {xa}.",
     NULL},
    {"Tấm gương chung sức xây dựng nông thôn mới ở thôn {thon}",
     "Những việc làm thầm lặng của {nong_dan} đã góp phần làm nên diện mạo mới của thôn {thon}, {noi}.", NULL},
};

static const char *const example_firsts[] = {
    "Nhắc đến phong trào xây dựng nông thôn mới ở thôn {thon}, xã {xa}, người dân đều nhắc đến {nong_dan} với nhiều việc làm thiết thực.",
    "Sinh ra và lớn lên ở vùng quê thuần nông, {nong_dan} sớm hiểu những vất vả của người nông dân khi sản xuất nhỏ lẻ, manh mún.",
};

static const char *const example_openings[] = {
    "Nhiều năm nay, {nong_dan_ngan} vẫn miệt mài với mô hình {kinh_te} mà gia đình gây dựng từ hơn {so_nho} năm trước.",
    "Khi thôn triển khai mở rộng đường làng, gia đình {nong_dan_ngan} là hộ đầu tiên tự nguyện tháo dỡ tường rào, hiến đất mà không đòi hỏi đền bù.",
};

static const char *const example_details[] = {
    "Với sự hỗ trợ vốn vay từ Ngân hàng Chính sách xã hội và hướng dẫn kỹ thuật của cán bộ khuyến nông, mô hình của gia đình ngày càng mở rộng.",
    "Hiện mỗi năm, gia đình {nong_dan_ngan} thu lãi hơn {trieu}, tạo việc làm cho {so_nho} lao động thường xuyên với thu nhập ổn định.",
    "Không chỉ làm kinh tế giỏi, {nong_dan_ngan} còn tích cực tham gia các hoạt động của thôn, vận động bà con hiến đất, góp công làm đường.",
    "Nhiều hộ trong thôn đã đến học hỏi kinh nghiệm và được {nong_dan_ngan} sẵn lòng chia sẻ giống, kỹ thuật và cả đầu ra cho sản phẩm.",
    "Những đóng góp của {nong_dan_ngan} đã được ghi nhận bằng nhiều giấy khen, bằng khen của các cấp trong phong trào thi đua chung sức xây dựng nông thôn mới.",
    "Theo {nong_dan_ngan}, điều quan trọng nhất là phải dám nghĩ, dám làm và kiên trì học hỏi, ứng dụng khoa học kỹ thuật vào sản xuất.",
    "Từ tấm gương ấy, phong trào thi đua phát triển kinh tế, xây dựng nông thôn mới ở địa phương ngày càng lan tỏa.",
    "Những năm đầu, mô hình gặp không ít khó khăn do thiếu kinh nghiệm, dịch bệnh và giá cả thị trường bấp bênh.",
    "Hiện trang trại có diện tích hơn {so_nho} ha, được quy hoạch thành các khu sản xuất riêng biệt, bảo đảm vệ sinh môi trường.",
};

static const char *const example_tags[] = {
    "gương điển hình", "thi đua", "khen thưởng", "hiến đất", "kinh tế vườn", "khuyến nông",
};

/* --- category: Chuyển đổi số ---------------------------------------------- */

static const struct words_title digital_titles[] = {
    {"Xã {xa} xây dựng mô hình thôn thông minh tại thôn {thon}",
     "Thôn {thon} được chọn làm điểm với các nội dung: wifi miễn phí nơi công cộng, camera an ninh, đài truyền thanh thông minh và thanh toán không dùng tiền mặt.",
     NULL},
    {"Tổ công nghệ số cộng đồng hỗ trợ người dân {noi}",
     "Các thành viên tổ công nghệ số đến từng nhà hướng dẫn người dân cài đặt ứng dụng, nộp hồ sơ trực tuyến và bảo đảm an toàn thông tin.",
     NULL},
    {"Nông dân {xa} bán nông sản qua {ung_dung}",
     "Nhờ ứng dụng công nghệ số, nông sản của người dân xã {xa} đã đến tay người tiêu dùng ở nhiều tỉnh, thành với giá tốt hơn.",
     NULL},
    {"Chuyển đổi số trong xây dựng nông thôn mới: cách làm ở thôn {thon}",
     "Từ việc lập nhóm thông tin của thôn đến quản lý thu chi công khai trên điện thoại, thôn {thon} đã có nhiều cách làm sáng tạo.",
     NULL},
    {"Ứng dụng phần mềm theo dõi tiêu chí nông thôn mới ở {cap}",
     "Phần mềm giúp cập nhật số liệu từng tiêu chí theo thời gian thực, hỗ trợ lãnh đạo chỉ đạo, điều hành kịp thời.",
     NULL},
    {"Thanh toán không dùng tiền mặt tại chợ nông thôn xã {xa}",
     "Hầu hết tiểu thương ở chợ xã {xa} đã dùng mã QR để nhận tiền, người mua chỉ cần quét mã bằng điện thoại.", NULL},
    {"Đưa dịch vụ công trực tuyến đến gần người dân ở {cap}",
     "Tỷ lệ hồ sơ thủ tục hành chính được nộp trực tuyến tăng mạnh nhờ sự hỗ trợ của tổ công nghệ số cộng đồng ở các thôn.",
     NULL},
    {"Lắp đặt {so_vua} camera an ninh tại các thôn của {cap}",
     "Hệ thống camera góp phần giữ gìn an ninh trật tự, phát hiện kịp thời các hành vi xả rác, vi phạm trật tự an toàn giao thông.",
     NULL},
    {"Người dân {xa} học kỹ năng số qua phong trào \"Bình dân học vụ số\"",
     "Các lớp học được tổ chức vào buổi tối tại nhà văn hóa thôn, giúp người dân sử dụng điện thoại thông minh an toàn, hiệu quả.",
     NULL},
    {"Truy xuất nguồn gốc nông sản bằng mã QR ở {noi}",
     "Mỗi sản phẩm được dán tem QR, người mua có thể biết nơi trồng, quy trình chăm sóc và thời điểm thu hoạch.", NULL},
    {"{So_nho} tháng đầu năm {nam}, {cap} có thêm {so_vua} hộ bán hàng qua {ung_dung}",
     "Tổ công nghệ số cộng đồng đã hướng dẫn các hộ mở gian hàng, chụp ảnh sản phẩm và giao hàng qua bưu điện.", NULL},
    {"Xã {xa} đạt {phan_tram} hồ sơ thủ tục hành chính nộp trực tuyến",
     "Kết quả này có được nhờ các thành viên tổ công nghệ số cộng đồng kiên trì hướng dẫn người dân từng bước.", NULL},
    {"Thôn {thon}, xã {xa} phủ sóng wifi miễn phí tại nhà văn hóa",
     "Điểm wifi miễn phí giúp người dân tra cứu thông tin, học kỹ năng số và nộp hồ sơ trực tuyến ngay tại thôn.",
     NULL},
};

static const char *const digital_firsts[] = {
    "Thực hiện kế hoạch chuyển đổi số trong xây dựng nông thôn mới, {cap} đã chọn xã {xa} làm điểm triển khai một số mô hình ứng dụng công nghệ số.",
    "Trước đây, người dân muốn làm thủ tục hành chính phải lên trụ sở UBND xã nhiều lần; nay phần lớn thủ tục có thể thực hiện trực tuyến ngay tại nhà.",
    "Những năm gần đây, {ung_dung} không còn xa lạ với nông dân xã {xa}.",
};

static const char *const digital_openings[] = {
    "Tổ công nghệ số cộng đồng thôn {thon} gồm {so_nho} thành viên là cán bộ thôn, đoàn viên thanh niên và giáo viên đang sinh sống tại địa phương.",
    "Xã {xa} hiện có {so_vua} hộ mở gian hàng trên {ung_dung}, chủ yếu bán nông sản và sản phẩm OCOP của địa phương.",
};

static const char *const digital_details[] = {
    "Đến nay, {phan_tram} hộ gia đình trong xã đã có điện thoại thông minh, {phan_tram} người trưởng thành có tài khoản định danh điện tử.",
    "Các thành viên tổ công nghệ số đến từng nhà hướng dẫn người dân cài đặt ứng dụng, nộp hồ sơ trực tuyến và thanh toán không dùng tiền mặt.",
    "Hệ thống {so_vua} camera được kết nối về trung tâm giám sát của xã, góp phần giữ gìn an ninh trật tự và vệ sinh môi trường.",
    "Nhờ bán hàng qua mạng, sản phẩm của nhiều hộ đã đến được với khách hàng ở Hà Nội và các tỉnh phía Nam với giá tốt hơn.",
    "Dữ liệu về các tiêu chí nông thôn mới của xã được cập nhật lên phần mềm, giúp lãnh đạo nắm bắt tiến độ và chỉ đạo kịp thời.",
    "Tuy vậy, hạ tầng mạng ở một số thôn vùng sâu còn yếu, kỹ năng số của người cao tuổi còn hạn chế.",
    "Đài truyền thanh thông minh đã được lắp đặt ở {so_nho} thôn; nội dung phát thanh được soạn thảo và điều khiển từ xa qua điện thoại.",
    "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến toàn trình tại xã đạt > 85%.",
    "Nhóm Zalo của thôn có hơn {so_vua} thành viên, là kênh để thông báo lịch họp, lịch thu gom rác và công khai các khoản đóng góp.",
    "Các lớp bồi dưỡng kỹ năng số được tổ chức xen kẽ với sinh hoạt chi hội, thu hút đông đảo hội viên phụ nữ và nông dân tham gia.",
};

static const char *const digital_tags[] = {
    "chuyển đổi số", "thương mại điện tử", "dịch vụ công trực tuyến", "an ninh nông thôn", "thôn thông minh",
};

/* --- category: Hạ tầng nông thôn ----------------------------------------- */

static const struct words_title works_titles[] = {
    {"{Cap} làm mới {km} đường giao thông nông thôn năm {nam}",
     "Các tuyến đường được bê tông hóa giúp người dân đi lại thuận tiện, vận chuyển nông sản dễ dàng hơn, góp phần hoàn thành tiêu chí giao thông.",
     NULL},
    {"Khởi công tuyến đường liên xã {xa} - {xa2}",
     "Tuyến đường có tổng mức đầu tư {ty}, dự kiến hoàn thành trong {so_nho} tháng, kết nối vùng sản xuất với trung tâm các xã.",
     "{Buoi} {ngay}, UBND {cap} tổ chức lễ khởi công tuyến đường liên xã {xa} - {xa2} với chiều dài {km}."},
    {"Kiên cố hóa kênh mương nội đồng ở {noi}",
     "Hệ thống kênh mương được kiên cố hóa giúp chủ động tưới tiêu cho hàng trăm héc-ta lúa, giảm chi phí sản xuất cho người dân.",
     NULL},
    {"Đưa vào sử dụng nhà văn hóa và sân thể thao xã {xa}",
     "Công trình đáp ứng nhu cầu sinh hoạt văn hóa, thể thao của người dân, góp phần hoàn thành tiêu chí cơ sở vật chất văn hóa.",
     "{Buoi} {ngay}, xã {xa} tổ chức lễ đưa vào sử dụng nhà văn hóa và sân thể thao trung tâm xã. Nhà văn hóa có sức chứa {so_vua} chỗ ngồi, được trang bị âm thanh, ánh sáng; sân thể thao phục vụ sinh hoạt của người dân."},
    {"Hoàn thành {so_nho} công trình hạ tầng trước mùa mưa bão ở {cap}",
     "Các công trình giao thông, thủy lợi hoàn thành đúng tiến độ giúp địa phương chủ động ứng phó với mưa bão, bảo vệ sản xuất.",
     NULL},
    {"Nâng cấp chợ nông thôn xã {xa} đạt chuẩn",
     "Chợ được xây mới khu nhà lồng, hệ thống thoát nước và điểm tập kết rác, bảo đảm yêu cầu về an toàn thực phẩm và phòng cháy chữa cháy.",
     NULL},
    {"Hỗ trợ {so_lon} tấn xi măng làm đường giao thông nông thôn năm {nam}",
     "Cơ chế hỗ trợ xi măng tiếp tục phát huy hiệu quả, khơi dậy sức dân trong làm đường giao thông, rãnh thoát nước.",
     NULL},
    {"Xã {xa} hoàn thành đường trục chính nội đồng dài {km}",
     "Tuyến đường giúp máy móc vào tận đồng ruộng, giảm công sức và chi phí vận chuyển trong mùa thu hoạch.",
     "Sau {so_nho} tháng thi công, tuyến đường trục chính nội đồng của xã {xa} đã hoàn thành và đưa vào sử dụng."},
    {"Đầu tư {ty} xây dựng trường mầm non đạt chuẩn ở {noi}",
     "Công trình gồm {so_nho} phòng học, phòng chức năng và sân chơi, đáp ứng nhu cầu học tập của trẻ em trên địa bàn.",
     NULL},
    {"Thắp sáng đường quê: {so_vua} tuyến điện chiếu sáng ở {cap}",
     "Các tuyến điện chiếu sáng do người dân và các tổ chức đoàn thể cùng đóng góp, góp phần bảo đảm an ninh trật tự và làm đẹp cảnh quan.",
     NULL},
    {"Kiểm tra chất lượng công trình {hang_muc} tại xã {xa}",
     "Đoàn kiểm tra đề nghị chủ đầu tư và đơn vị thi công khắc phục ngay những tồn tại, bảo đảm chất lượng trước khi nghiệm thu.",
     NULL},
};

static const char *const works_firsts[] = {
    "Năm {nam}, {cap} được phân bổ {ty} từ nguồn vốn Chương trình mục tiêu quốc gia xây dựng nông thôn mới để đầu tư các công trình hạ tầng thiết yếu.",
    "Thực hiện cơ chế hỗ trợ xi măng của tỉnh, các địa phương đã chủ động huy động nguồn lực để làm đường giao thông, rãnh thoát nước.",
    "Những năm qua, {cap} luôn xác định hạ tầng nông thôn là khâu đột phá trong xây dựng nông thôn mới.",
};

static const char *const works_openings[] = {
    "Công trình do UBND xã {xa} làm chủ đầu tư, tổng mức đầu tư {ty} từ ngân sách tỉnh hỗ trợ, ngân sách địa phương và nhân dân đóng góp.",
    "Đây là một trong những công trình trọng điểm giúp địa phương hoàn thành các tiêu chí về hạ tầng.",
};

static const char *const works_details[] = {
    "Mặt đường được bê tông hóa rộng 5 m, nền đường 7,5 m, có hệ thống rãnh thoát nước và biển báo an toàn giao thông.",
    "Toàn {cap} đã cứng hóa {phan_tram} đường thôn, liên thôn và {phan_tram} đường trục chính nội đồng, bảo đảm xe cơ giới đi lại thuận tiện quanh năm.",
    "Hệ thống kênh mương được kiên cố hóa giúp chủ động tưới tiêu cho hơn {ha} lúa, tiết kiệm chi phí bơm nước cho người dân.",
    "Người dân hai bên tuyến đã tự nguyện hiến đất, di dời cổng ngõ, tường rào và tham gia hàng nghìn ngày công.",
    "Đơn vị thi công cam kết bảo đảm chất lượng, an toàn lao động và hoàn thành đúng tiến độ đề ra.",
    "Công trình hoàn thành không chỉ đáp ứng tiêu chí về hạ tầng mà còn tạo thuận lợi cho vận chuyển nông sản, giao thương hàng hóa.",
    "Sau khi đưa vào sử dụng, xã đã giao cho các thôn quản lý, duy tu, bảo dưỡng thường xuyên để công trình phát huy hiệu quả lâu dài.",
    "Ban giám sát đầu tư của cộng đồng được thành lập, thường xuyên kiểm tra chất lượng vật liệu và khối lượng thi công.",
    "Trong năm, toàn tỉnh đã hỗ trợ hơn {so_lon} tấn xi măng để các địa phương làm đường giao thông, kênh mương và rãnh thoát nước.",
};

static const char *const works_tags[] = {
    "giao thông nông thôn", "thủy lợi", "điện nông thôn", "chợ nông thôn", "trường học", "hiến đất",
};

/* --- category: Văn bản chỉ đạo ------------------------------------------- */

static const struct words_title document_titles[] = {
    {"{Van_ban} về thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm {nam}",
     "Văn bản xác định mục tiêu, nhiệm vụ cụ thể của từng sở, ngành, địa phương trong thực hiện chương trình năm {nam}.",
     NULL},
    {"{Van_ban} hướng dẫn đánh giá, công nhận khu dân cư kiểu mẫu, vườn mẫu",
     "Văn bản hướng dẫn trình tự, hồ sơ và cách chấm điểm khi đánh giá, công nhận khu dân cư kiểu mẫu và vườn mẫu.",
     NULL},
    {"{Van_ban} về phân bổ vốn thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
     "Văn bản giao chi tiết kế hoạch vốn cho các địa phương, ưu tiên các xã đăng ký về đích và các công trình chuyển tiếp.",
     NULL},
    {"{Van_ban} về kiện toàn Ban Chỉ đạo các Chương trình mục tiêu quốc gia tỉnh",
     "Văn bản quy định thành phần Ban Chỉ đạo và giao Văn phòng Điều phối nông thôn mới tỉnh làm cơ quan thường trực.",
     NULL},
    {"{Van_ban} về đẩy mạnh Chương trình Mỗi xã một sản phẩm (OCOP)",
     "Văn bản đề ra các giải pháp nâng cao chất lượng, phát triển thị trường cho sản phẩm OCOP của tỉnh.", NULL},
    {"{Van_ban} về tổ chức thẩm định xã đạt chuẩn nông thôn mới năm {nam}",
     "Văn bản quy định thời gian, thành phần đoàn thẩm định và hồ sơ đề nghị xét công nhận của các xã.", NULL},
    {"{Van_ban} về phân công nhiệm vụ các thành viên Ban Chỉ đạo",
     "Mỗi thành viên Ban Chỉ đạo được phân công phụ trách lĩnh vực và địa bàn cụ thể, chịu trách nhiệm trước Trưởng ban.",
     NULL},
    {"{Van_ban} ban hành kế hoạch truyền thông về xây dựng nông thôn mới năm {nam}",
     "Kế hoạch đề ra các nội dung, hình thức truyền thông và phân công cơ quan chủ trì, phối hợp thực hiện.", NULL},
    {"{Van_ban} về chuyển đổi số trong xây dựng nông thôn mới",
     "Văn bản hướng dẫn các xã xây dựng mô hình thôn thông minh, ứng dụng công nghệ số trong quản lý và sản xuất.",
     NULL},
    {"{Van_ban} về lấy ý kiến sự hài lòng của người dân",
     "Văn bản hướng dẫn mẫu phiếu, đối tượng và cách tổng hợp kết quả lấy ý kiến người dân về kết quả xây dựng nông thôn mới.",
     NULL},
};

static const char *const document_firsts[] = {
    "Văn bản được ban hành nhằm cụ thể hóa các nhiệm vụ, giải pháp thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn {giai_doan} trên địa bàn tỉnh.",
    "Căn cứ {bo_tieu_chi} và các văn bản hướng dẫn của {bo}, các sở, ngành, địa phương được giao triển khai một số nội dung trọng tâm.",
};

static const char *const document_openings[] = {
    "Văn phòng Điều phối nông thôn mới tỉnh đăng tải nội dung chính của văn bản để các cơ quan, đơn vị và người dân tiện theo dõi, thực hiện.",
    "Văn bản được gửi các sở, ban, ngành cấp tỉnh, UBND các xã và các cơ quan, đơn vị liên quan để thực hiện.",
};

static const char *const document_details[] = {
    "Theo đó, các sở, ngành được giao chủ trì tiêu chí có trách nhiệm hướng dẫn, kiểm tra và đánh giá mức độ đạt của từng chỉ tiêu trước ngày 15/11 hằng năm.",
    "UBND các xã chủ động rà soát, xây dựng kế hoạch chi tiết, phân công cụ thể cho từng thôn, từng tổ chức đoàn thể.",
    "Văn bản nêu rõ việc huy động đóng góp của người dân phải được thảo luận dân chủ, không ép buộc, không đặt mức đóng góp bình quân cho các hộ.",
    "Kinh phí thực hiện được bố trí từ ngân sách trung ương, ngân sách địa phương, vốn lồng ghép các chương trình, dự án và các nguồn huy động hợp pháp khác.",
    "Chế độ báo cáo được thực hiện định kỳ 6 tháng (trước ngày 15/6) và hằng năm (trước ngày 15/12), gửi về Văn phòng Điều phối nông thôn mới tỉnh.",
    "Văn bản có hiệu lực kể từ ngày ký; các quy định trước đây trái với nội dung văn bản này đều bãi bỏ.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị phản ánh về Văn phòng Điều phối nông thôn mới tỉnh để được hướng dẫn.",
    "Các nội dung chính gồm: mục tiêu đến năm {nam_sau}; nhiệm vụ, giải pháp; phân công trách nhiệm và tổ chức thực hiện.",
    "Văn bản thay thế {van_ban_khac}.",
    "Các xã có trách nhiệm niêm yết công khai văn bản tại trụ sở UBND xã và thông báo trên hệ thống truyền thanh cơ sở.",
};

static const char *const document_tags[] = {
    "văn bản chỉ đạo", "Ban Chỉ đạo", "giải ngân", "quy hoạch", "thẩm định",
};

#define CATEGORY_TITLES(array) (array), sizeof(array) / sizeof((array)[0])

const struct words_category words_categories[] = {
    {"tin-hoat-dong", "Tin hoạt động",
     "Hoạt động của Ban Chỉ đạo, Văn phòng Điều phối nông thôn mới các cấp và các địa phương trong tỉnh.", 28,
     CATEGORY_TITLES(activity_titles), WORDS_LIST(activity_firsts), WORDS_LIST(activity_openings),
     WORDS_LIST(activity_details), WORDS_LIST(activity_tags), 0},
    {"chi-dao-dieu-hanh", "Chỉ đạo điều hành",
     "Ý kiến chỉ đạo của Ban Chỉ đạo các Chương trình mục tiêu quốc gia, UBND tỉnh và cơ quan thường trực.", 12,
     CATEGORY_TITLES(direction_titles), WORDS_LIST(direction_firsts), WORDS_LIST(direction_openings),
     WORDS_LIST(direction_details), WORDS_LIST(direction_tags), 0},
    {"khu-dan-cu-kieu-mau", "Khu dân cư kiểu mẫu, vườn mẫu",
     "Xây dựng khu dân cư nông thôn mới kiểu mẫu, vườn mẫu và chỉnh trang cảnh quan làng quê.", 13,
     CATEGORY_TITLES(model_area_titles), WORDS_LIST(model_area_firsts), WORDS_LIST(model_area_openings),
     WORDS_LIST(model_area_details), WORDS_LIST(model_area_tags), 0},
    {"chuong-trinh-ocop", "Chương trình OCOP",
     "Chương trình Mỗi xã một sản phẩm: sản phẩm, chủ thể, xúc tiến thương mại.", 11, CATEGORY_TITLES(ocop_titles),
     WORDS_LIST(ocop_firsts), WORDS_LIST(ocop_openings), WORDS_LIST(ocop_details), WORDS_LIST(ocop_tags), 0},
    {"guong-dien-hinh", "Gương điển hình",
     "Những tập thể, cá nhân tiêu biểu trong phong trào chung sức xây dựng nông thôn mới.", 10,
     CATEGORY_TITLES(example_titles), WORDS_LIST(example_firsts), WORDS_LIST(example_openings),
     WORDS_LIST(example_details), WORDS_LIST(example_tags), 0},
    {"chuyen-doi-so", "Chuyển đổi số", "Ứng dụng công nghệ số trong quản lý, sản xuất và đời sống người dân nông thôn.",
     8, CATEGORY_TITLES(digital_titles), WORDS_LIST(digital_firsts), WORDS_LIST(digital_openings),
     WORDS_LIST(digital_details), WORDS_LIST(digital_tags), 0},
    {"ha-tang-nong-thon", "Hạ tầng nông thôn",
     "Đường giao thông nông thôn, thủy lợi, điện, trường học, nhà văn hóa và chợ nông thôn.", 10,
     CATEGORY_TITLES(works_titles), WORDS_LIST(works_firsts), WORDS_LIST(works_openings), WORDS_LIST(works_details),
     WORDS_LIST(works_tags), 0},
    {"van-ban-chi-dao", "Văn bản chỉ đạo",
     "Văn bản chỉ đạo, hướng dẫn của Trung ương, của tỉnh và của Văn phòng Điều phối về xây dựng nông thôn mới.", 8,
     CATEGORY_TITLES(document_titles), WORDS_LIST(document_firsts), WORDS_LIST(document_openings),
     WORDS_LIST(document_details), WORDS_LIST(document_tags), 1},
};
const size_t words_category_count = sizeof(words_categories) / sizeof(words_categories[0]);

/* --- shared sentences ------------------------------------------------------ */

static const char *const general[] = {
    "Xây dựng nông thôn mới là chương trình có điểm khởi đầu nhưng không có điểm kết thúc, đòi hỏi sự vào cuộc thường xuyên của cả hệ thống chính trị.",
    "Người dân vừa là chủ thể, vừa là người được hưởng lợi từ thành quả xây dựng nông thôn mới.",
    "Phong trào \"Chung sức xây dựng nông thôn mới\" tiếp tục được các tầng lớp nhân dân hưởng ứng tích cực.",
    "Trong năm {nam}, toàn tỉnh huy động được hơn {ty} cho xây dựng nông thôn mới, trong đó nguồn xã hội hóa chiếm tỷ lệ đáng kể.",
    "Công tác thông tin, tuyên truyền được đẩy mạnh trên báo chí, hệ thống truyền thanh cơ sở và mạng xã hội.",
    "Các tổ chức đoàn thể đã nhận phần việc cụ thể, trong đó {doan_the} đảm nhận các tuyến đường hoa và mô hình phân loại rác thải tại nguồn.",
    "Tỷ lệ hộ nghèo đa chiều giảm còn {phan_tram_nho}, không còn hộ ở nhà tạm, nhà dột nát.",
    "Thu nhập bình quân đầu người khu vực nông thôn đạt {thu_nhap}/năm, tăng so với cùng kỳ năm trước.",
    "Tỷ lệ người dân tham gia bảo hiểm y tế đạt {phan_tram}; {phan_tram} hộ được sử dụng nước sạch theo quy chuẩn.",
    "Nhiều thôn đã đưa việc giữ gìn vệ sinh môi trường vào hương ước, quy ước để người dân cùng thực hiện.",
    "Quy chế dân chủ ở cơ sở được chú trọng; các công trình đều được bàn bạc, công khai và có ban giám sát của cộng đồng.",
    "Các hợp tác xã được củng cố, tổ chức lại theo Luật Hợp tác xã, từng bước nâng cao hiệu quả hoạt động và liên kết với doanh nghiệp.",
    "Cơ cấu kinh tế nông thôn chuyển dịch theo hướng tăng tỷ trọng thương mại, dịch vụ và ngành nghề nông thôn.",
    "Công tác bảo vệ môi trường được quan tâm; tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý đạt {phan_tram}.",
    "An ninh chính trị, trật tự an toàn xã hội ở khu vực nông thôn được giữ vững, tạo môi trường thuận lợi cho phát triển kinh tế.",
    "Giá trị sản xuất nông nghiệp tăng bình quân > 3%/năm, nhiều vùng sản xuất hàng hóa tập trung đã hình thành.",
    "Số hộ có thu nhập từ 100 triệu đồng/năm trở lên tăng nhanh, đời sống vật chất và tinh thần của người dân được nâng lên.",
    "Nguồn lực đầu tư cho chương trình được lồng ghép từ ngân sách trung ương, ngân sách tỉnh, vốn tín dụng, doanh nghiệp và cộng đồng dân cư.",
    "Các tiêu chí về y tế, giáo dục, văn hóa tiếp tục được nâng chất; số trường học đạt chuẩn quốc gia ngày càng tăng.",
    "Hệ thống chính trị cơ sở được củng cố; vai trò giám sát, phản biện xã hội của Mặt trận Tổ quốc và các đoàn thể được phát huy.",
    "Tỉnh đã ban hành nhiều cơ chế, chính sách như hỗ trợ xi măng làm đường, hỗ trợ phát triển sản xuất và hỗ trợ xây dựng khu dân cư kiểu mẫu.",
    "Nhiều doanh nghiệp, nhà hảo tâm và con em xa quê đã đóng góp kinh phí, vật liệu để xây dựng các công trình phúc lợi ở quê hương.",
    "Một số tiêu chí như {tieu_chi} vẫn còn khó khăn, cần có giải pháp căn cơ, lâu dài.",
    "Đào tạo nghề cho lao động nông thôn được gắn với nhu cầu của doanh nghiệp; tỷ lệ lao động qua đào tạo đạt {phan_tram}.",
    "Mô hình {mo_hinh} đang được nhiều địa phương học tập, nhân rộng.",
    "Theo kế hoạch, đến năm {nam_sau}, {cap} phấn đấu có thêm {so_nho} thôn đạt chuẩn khu dân cư kiểu mẫu và {so_vua} vườn mẫu.",
    "Bộ tiêu chí giai đoạn {giai_doan} có yêu cầu cao hơn, nhất là các tiêu chí về môi trường, chuyển đổi số và thu nhập.",
    "Người dân được tham gia ý kiến từ khâu lựa chọn công trình, đóng góp đến giám sát quá trình thi công và nghiệm thu.",
    "Việc đánh giá mức độ đạt chuẩn được thực hiện theo {bo_tieu_chi}.",
    "Đến nay, {noi} đã hoàn thành {so_tieu_chi} tiêu chí; tiêu chí {tieu_chi} đang được tập trung chỉ đạo.",
    "Sản xuất nông nghiệp chuyển mạnh sang hướng hàng hóa, ứng dụng cơ giới hóa trong hầu hết các khâu làm đất, gieo cấy và thu hoạch.",
    "Các công trình {hang_muc} đều được giao cho cộng đồng quản lý, duy tu sau khi hoàn thành.",
    "Trong tổng nguồn lực huy động, vốn ngân sách nhà nước chỉ chiếm khoảng một phần ba, phần còn lại đến từ tín dụng, doanh nghiệp và người dân.",
    "Phong trào hiến đất, góp công làm đường tiếp tục lan tỏa, nhiều tuyến đường được mở rộng mà không phải bồi thường.",
    "Hoạt động văn hóa, văn nghệ, thể dục thể thao ở các thôn diễn ra sôi nổi, nhất là vào các dịp lễ, Tết.",
    "Tỷ lệ hộ gia đình đạt danh hiệu gia đình văn hóa được duy trì ở mức cao, tình làng nghĩa xóm ngày càng gắn bó.",
};

static const char *const quotes[] = {
    "Phát biểu tại buổi làm việc, {lanh_dao} ghi nhận, biểu dương kết quả mà địa phương đạt được, đồng thời đề nghị tiếp tục phát huy vai trò chủ thể của người dân.",
    "{Lanh_dao} nhấn mạnh: \"Xây dựng nông thôn mới phải thực chất, bền vững, lấy sự hài lòng của người dân làm thước đo.\"",
    "Theo {can_bo}, bài học lớn nhất là làm tốt công tác dân vận, việc gì cũng bàn bạc công khai để người dân hiểu và đồng thuận.",
    "\"Khi người dân thấy được lợi ích thiết thực thì họ tự nguyện đóng góp công sức, đất đai mà không cần vận động nhiều\", {can_bo} chia sẻ.",
    "Chia sẻ với phóng viên, {nguoi} cho biết: \"Đường sá sạch đẹp, có điện chiếu sáng, bà con đi lại thuận tiện, ai cũng phấn khởi.\"",
    "{Can_bo} cho biết, địa phương sẽ tiếp tục rà soát các tiêu chí, tập trung nâng cao thu nhập và giữ gìn cảnh quan môi trường.",
    "Kết luận hội nghị, {lanh_dao} yêu cầu các địa phương không chủ quan, thỏa mãn với kết quả đạt được, xác định rõ nhiệm vụ trọng tâm trong từng tháng.",
    "Theo {lanh_dao}, các địa phương cần ưu tiên nguồn lực cho những tiêu chí khó, tránh đầu tư dàn trải, kém hiệu quả.",
    "{Lanh_dao} đề nghị các sở, ngành tăng cường kiểm tra, hướng dẫn cơ sở; kịp thời biểu dương các tập thể, cá nhân có thành tích xuất sắc.",
    "\"Chúng tôi xác định đây là nhiệm vụ của cả hệ thống chính trị, trong đó người dân giữ vai trò trung tâm\", {can_bo} nói.",
    "Đại diện Văn phòng Điều phối nông thôn mới tỉnh cho biết sẽ tổng hợp các kiến nghị của địa phương để tham mưu UBND tỉnh xem xét, giải quyết.",
    "{Nguoi} phấn khởi: \"Bây giờ ra ngõ là đường bê tông, tối có đèn, con cháu về quê ai cũng khen.\"",
    "\"Làm nông thôn mới không phải để lấy bằng công nhận, mà để cuộc sống của bà con tốt hơn mỗi ngày\", {can_bo} khẳng định.",
    "{Lanh_dao} lưu ý các địa phương tuyệt đối không chạy theo thành tích, không để nợ đọng và không huy động quá sức dân.",
};

static const char *const closings[] = {
    "Thời gian tới, {cap} tiếp tục huy động các nguồn lực, tập trung hoàn thành các tiêu chí còn lại và nâng cao chất lượng các tiêu chí đã đạt.",
    "Với sự vào cuộc đồng bộ của cả hệ thống chính trị và sự đồng thuận của nhân dân, mục tiêu đề ra hoàn toàn có thể đạt được.",
    "Địa phương phấn đấu đến năm {nam_sau} hoàn thành các tiêu chí theo bộ tiêu chí giai đoạn {giai_doan}.",
    "Văn phòng Điều phối nông thôn mới tỉnh sẽ tiếp tục theo dõi, đôn đốc và hướng dẫn để các địa phương hoàn thành kế hoạch đúng tiến độ.",
    "Những kết quả đạt được là tiền đề quan trọng để địa phương bước vào giai đoạn xây dựng nông thôn mới nâng cao, kiểu mẫu.",
    "Phong trào xây dựng nông thôn mới ở {noi} đang tiếp tục lan tỏa, góp phần làm thay đổi diện mạo làng quê.",
    "Dịp này, {so_nho} tập thể và {so_vua} cá nhân có thành tích xuất sắc đã được khen thưởng.",
    "Các ý kiến đóng góp sẽ được tiếp thu, hoàn thiện để triển khai trong thời gian tới.",
    "Mục tiêu đặt ra là mỗi thôn đều sáng, xanh, sạch, đẹp; mỗi hộ đều có sinh kế bền vững.",
    "Hành trình xây dựng nông thôn mới còn nhiều việc phải làm, nhưng niềm tin và sự đồng lòng của người dân là nền tảng vững chắc.",
};

static const char *const headings[] = {
    "Huy động sức dân",
    "Cách làm sáng tạo",
    "Những khó khăn cần tháo gỡ",
    "Nâng chất các tiêu chí",
    "Nhiệm vụ thời gian tới",
    "Người dân là chủ thể",
    "Kết quả bước đầu",
    "Lan tỏa phong trào",
    "Diện mạo mới",
    "Hướng đi bền vững",
    "Không để tiêu chí \"xuống cấp\"",
    "Từ chủ trương đến hành động",
    "Dân chủ, công khai",
    "Những con số ấn tượng",
};

static const char *const captions[] = {
    "Cánh đồng lúa xã {xa} vào vụ, nơi đã hoàn thành cứng hóa đường trục chính nội đồng.",
    "Tuyến đường bê tông dẫn vào thôn {thon}, xã {xa} được trồng hoa hai bên.",
    "Một góc khu dân cư kiểu mẫu thôn {thon}.",
    "Làng quê {noi} khang trang, sạch đẹp sau nhiều năm xây dựng nông thôn mới.",
    "Đường giao thông nông thôn ở {cap} được bê tông hóa, ô tô đi lại thuận tiện quanh năm.",
    "Những ngôi nhà mới bên cánh đồng ở xã {xa}.",
    "Khung cảnh yên bình ở thôn {thon} khi chiều xuống.",
    "Đường làng ngõ xóm ở xã {xa} hôm nay (ảnh minh họa).",
    "Vùng lúa tập trung của xã {xa} nhìn từ tuyến đường liên thôn.",
    "Hàng rào xanh, đường làng sạch đẹp ở thôn {thon}, xã {xa}.",
    "Ruộng đồng được dồn điền đổi thửa, thuận lợi cho cơ giới hóa ở {noi}.",
    "Cảnh quan nông thôn ở {cap} (ảnh minh họa).",
};

static const char *const summary_tails[] = {
    "Đây là kết quả của sự vào cuộc đồng bộ của cả hệ thống chính trị và sự đồng thuận của người dân.",
    "Nhiều cách làm hay đang được các địa phương học tập, nhân rộng.",
    "Người dân phấn khởi vì những đổi thay rõ rệt ở làng quê.",
    "Kết quả này góp phần quan trọng vào mục tiêu xây dựng nông thôn mới của tỉnh.",
};

const struct words_list words_general = WORDS_LIST(general);
const struct words_list words_quotes = WORDS_LIST(quotes);
const struct words_list words_closings = WORDS_LIST(closings);
const struct words_list words_headings = WORDS_LIST(headings);
const struct words_list words_captions = WORDS_LIST(captions);
const struct words_list words_summary_tails = WORDS_LIST(summary_tails);

/* --- places ----------------------------------------------------------------- */

const struct words_place words_places[] = {
    {"Thiên Lộc", "Can Lộc", "canloc"},
    {"Vượng Lộc", "Can Lộc", "canloc"},
    {"Kim Song Trường", "Can Lộc", "canloc"},
    {"Thường Nga", "Can Lộc", "canloc"},
    {"Phú Lộc", "Can Lộc", "canloc"},
    {"Gia Hanh", "Can Lộc", "canloc"},
    {"Khánh Vĩnh Yên", "Can Lộc", "canloc"},
    {"Thanh Lộc", "Can Lộc", "canloc"},
    {"Trung Lộc", "Can Lộc", "canloc"},
    {"Tùng Lộc", "Can Lộc", "canloc"},
    {"Trung Lễ", "Đức Thọ", "ductho"},
    {"Tùng Châu", "Đức Thọ", "ductho"},
    {"Yên Hồ", "Đức Thọ", "ductho"},
    {"Đức Lạng", "Đức Thọ", "ductho"},
    {"Tân Hương", "Đức Thọ", "ductho"},
    {"Liên Minh", "Đức Thọ", "ductho"},
    {"Quang Vĩnh", "Đức Thọ", "ductho"},
    {"An Dũng", "Đức Thọ", "ductho"},
    {"Sơn Tây", "Hương Sơn", "huongson"},
    {"Sơn Ninh", "Hương Sơn", "huongson"},
    {"Sơn Trung", "Hương Sơn", "huongson"},
    {"Sơn Bằng", "Hương Sơn", "huongson"},
    {"Sơn Châu", "Hương Sơn", "huongson"},
    {"Sơn Giang", "Hương Sơn", "huongson"},
    {"Quang Diệm", "Hương Sơn", "huongson"},
    {"Kim Hoa", "Hương Sơn", "huongson"},
    {"Phương Mỹ", "Hương Khê", "huongkhe"},
    {"Hương Trà", "Hương Khê", "huongkhe"},
    {"Phúc Đồng", "Hương Khê", "huongkhe"},
    {"Hương Long", "Hương Khê", "huongkhe"},
    {"Gia Phố", "Hương Khê", "huongkhe"},
    {"Lộc Yên", "Hương Khê", "huongkhe"},
    {"Hòa Hải", "Hương Khê", "huongkhe"},
    {"Đức Lĩnh", "Vũ Quang", "vuquang"},
    {"Ân Phú", "Vũ Quang", "vuquang"},
    {"Hương Minh", "Vũ Quang", "vuquang"},
    {"Quang Thọ", "Vũ Quang", "vuquang"},
    {"Thọ Điền", "Vũ Quang", "vuquang"},
    {"Đức Bồng", "Vũ Quang", "vuquang"},
    {"Xuân Viên", "Nghi Xuân", "nghixuan"},
    {"Xuân Hội", "Nghi Xuân", "nghixuan"},
    {"Xuân Yên", "Nghi Xuân", "nghixuan"},
    {"Cương Gián", "Nghi Xuân", "nghixuan"},
    {"Xuân Lĩnh", "Nghi Xuân", "nghixuan"},
    {"Xuân Liên", "Nghi Xuân", "nghixuan"},
    {"Đan Trường", "Nghi Xuân", "nghixuan"},
    {"Thạch Long", "Thạch Hà", "thachha"},
    {"Thạch Kênh", "Thạch Hà", "thachha"},
    {"Thạch Liên", "Thạch Hà", "thachha"},
    {"Thạch Đài", "Thạch Hà", "thachha"},
    {"Thạch Văn", "Thạch Hà", "thachha"},
    {"Ngọc Sơn", "Thạch Hà", "thachha"},
    {"Nam Điền", "Thạch Hà", "thachha"},
    {"Việt Tiến", "Thạch Hà", "thachha"},
    {"Cẩm Thịnh", "Cẩm Xuyên", "camxuyen"},
    {"Cẩm Bình", "Cẩm Xuyên", "camxuyen"},
    {"Cẩm Quan", "Cẩm Xuyên", "camxuyen"},
    {"Cẩm Lạc", "Cẩm Xuyên", "camxuyen"},
    {"Cẩm Duệ", "Cẩm Xuyên", "camxuyen"},
    {"Cẩm Hưng", "Cẩm Xuyên", "camxuyen"},
    {"Yên Hòa", "Cẩm Xuyên", "camxuyen"},
    {"Nam Phúc Thăng", "Cẩm Xuyên", "camxuyen"},
    {"Kỳ Tân", "Kỳ Anh", "kyanh"},
    {"Kỳ Thư", "Kỳ Anh", "kyanh"},
    {"Kỳ Phong", "Kỳ Anh", "kyanh"},
    {"Kỳ Đồng", "Kỳ Anh", "kyanh"},
    {"Kỳ Bắc", "Kỳ Anh", "kyanh"},
    {"Kỳ Tiến", "Kỳ Anh", "kyanh"},
    {"Kỳ Xuân", "Kỳ Anh", "kyanh"},
    {"Lâm Hợp", "Kỳ Anh", "kyanh"},
    {"Thạch Kim", "Lộc Hà", "locha"},
    {"Hộ Độ", "Lộc Hà", "locha"},
    {"Mai Phụ", "Lộc Hà", "locha"},
    {"Thạch Mỹ", "Lộc Hà", "locha"},
    {"Tân Lộc", "Lộc Hà", "locha"},
    {"Hồng Lộc", "Lộc Hà", "locha"},
    {"Ích Hậu", "Lộc Hà", "locha"},
    {"Bình An", "Lộc Hà", "locha"},
};
const size_t words_place_count = sizeof(words_places) / sizeof(words_places[0]);

static const char *const villages[] = {
    "Trung Phú",   "Bắc Sơn",   "Nam Sơn",    "Đông Thịnh", "Tây Hồ",     "Hòa Bình",    "Thống Nhất", "Quyết Tiến",
    "Tân Hòa",     "Phú Thọ",   "Minh Châu",  "Kim Thành",  "Hồng Hà",    "Xuân Hòa",    "Thanh Long", "Vĩnh Thịnh",
    "Thuận Phong", "Đồng Văn",  "Trường Sơn", "Khe Giao",   "Bàu Am",     "Phúc Lộc",    "Hưng Bình",  "Liên Hương",
    "Yên Thượng",  "Đình Đoài", "Thượng Phú", "Hạ Đoài",    "Tân Tiến",   "Trung Thành", "Đại Đồng",   "Mỹ Lộc",
    "Phú Xuân",    "An Lạc",    "Bình Minh",  "Hà Thanh",   "Tiền Phong", "Quang Trung", "Đồng Tâm",   "Nhân Hòa",
};
const struct words_list words_villages = WORDS_LIST(villages);

/* --- people ----------------------------------------------------------------- */

static const char *const surnames[] = {
    "Nguyễn", "Trần", "Lê",    "Phạm", "Hoàng", "Phan", "Võ",     "Đặng", "Bùi", "Đỗ",
    "Hồ",     "Ngô",  "Dương", "Đinh", "Thái",  "Hà",   "Trương", "Đoàn", "Đậu", "Lưu",
};
static const char *const male_middle[] = {
    "Văn", "Hữu", "Đình", "Minh", "Quốc", "Xuân", "Thanh", "Đức", "Công", "Trọng", "Quang", "Ngọc",
};
static const char *const male_given[] = {
    "Hùng", "Dũng", "Tuấn",  "Hải",   "Sơn",  "Long", "Thắng", "Cường", "Nam",  "Bình",
    "Hòa",  "Lâm",  "Trung", "Quang", "Tiến", "Vinh", "Phúc",  "Khánh", "Hiếu", "Toàn",
};
static const char *const female_middle[] = {
    "Thị", "Thu", "Thanh", "Ngọc", "Hồng", "Minh", "Thùy", "Phương", "Kim", "Hải",
};
static const char *const female_given[] = {
    "Hà",    "Hương", "Lan",  "Hoa",  "Thảo", "Trang", "Nga",  "Huyền", "Linh", "Mai",
    "Nhung", "Yến",   "Oanh", "Thủy", "Hằng", "Vân",   "Châu", "Giang", "Ngân", "Loan",
};

const struct words_list words_surnames = WORDS_LIST(surnames);
const struct words_list words_male_middle = WORDS_LIST(male_middle);
const struct words_list words_male_given = WORDS_LIST(male_given);
const struct words_list words_female_middle = WORDS_LIST(female_middle);
const struct words_list words_female_given = WORDS_LIST(female_given);

static const char *const province_roles[] = {
    "Chủ tịch UBND tỉnh",
    "Phó Chủ tịch UBND tỉnh",
    "Phó Chủ tịch Thường trực UBND tỉnh",
    "Phó Bí thư Tỉnh ủy",
    "Trưởng ban Dân vận Tỉnh ủy",
    "Giám đốc {so_nn}",
    "Chánh Văn phòng Điều phối nông thôn mới tỉnh",
    "Phó Chánh Văn phòng Điều phối nông thôn mới tỉnh",
};
static const char *const local_roles_district[] = {
    "Chủ tịch UBND huyện {huyen}", "Phó Chủ tịch UBND huyện {huyen}",
    "Bí thư Huyện ủy {huyen}",     "Chánh Văn phòng Điều phối nông thôn mới huyện {huyen}",
    "Chủ tịch UBND xã {xa}",       "Bí thư Đảng ủy xã {xa}",
};
static const char *const local_roles_commune[] = {
    "Chủ tịch UBND xã {xa}",
    "Phó Chủ tịch UBND xã {xa}",
    "Bí thư Đảng ủy xã {xa}",
    "Trưởng phòng Kinh tế xã {xa}",
};
static const char *const resident_roles[] = {
    "ông {ten_nam}, Trưởng thôn {thon}",        "bà {ten_nu}, Chi hội trưởng Chi hội Phụ nữ thôn {thon}",
    "ông {ten_nam}, người dân thôn {thon}",     "bà {ten_nu}, một người dân ở thôn {thon}",
    "ông {ten_nam}, Bí thư Chi bộ thôn {thon}", "ông {ten_nam}, Chi hội trưởng Chi hội Cựu chiến binh thôn {thon}",
};
static const char *const degrees[] = {"ThS.", "TS.", "KS."};
static const char *const sources[] = {
    "Báo Hà Tĩnh",
    "Đài Phát thanh và Truyền hình Hà Tĩnh",
    "Cổng thông tin điện tử tỉnh Hà Tĩnh",
    "Văn phòng Điều phối nông thôn mới Trung ương",
};

const struct words_list words_province_roles = WORDS_LIST(province_roles);
const struct words_list words_local_roles_district = WORDS_LIST(local_roles_district);
const struct words_list words_local_roles_commune = WORDS_LIST(local_roles_commune);
const struct words_list words_resident_roles = WORDS_LIST(resident_roles);
const struct words_list words_degrees = WORDS_LIST(degrees);
const struct words_list words_sources = WORDS_LIST(sources);

/* --- things ----------------------------------------------------------------- */

static const char *const criteria_2021[] = {
    "quy hoạch",
    "giao thông",
    "thủy lợi và phòng, chống thiên tai",
    "điện",
    "trường học",
    "cơ sở vật chất văn hóa",
    "cơ sở hạ tầng thương mại nông thôn",
    "thông tin và truyền thông",
    "nhà ở dân cư",
    "thu nhập",
    "nghèo đa chiều",
    "lao động",
    "tổ chức sản xuất và phát triển kinh tế nông thôn",
    "giáo dục và đào tạo",
    "y tế",
    "văn hóa",
    "môi trường và an toàn thực phẩm",
    "hệ thống chính trị và tiếp cận pháp luật",
    "quốc phòng và an ninh",
};
static const char *const criteria_2026[] = {
    "quy hoạch",
    "hạ tầng kinh tế - xã hội",
    "phát triển kinh tế nông thôn",
    "đào tạo nguồn nhân lực nông thôn",
    "văn hóa, giáo dục, y tế",
    "giảm nghèo và an sinh xã hội",
    "khoa học công nghệ và chuyển đổi số",
    "môi trường và cảnh quan nông thôn",
    "xây dựng hệ thống chính trị và hành chính công",
    "tiếp cận pháp luật và an ninh, quốc phòng",
};
static const char *const community_models[] = {
    "tuyến đường hoa tự quản",
    "phân loại rác thải tại nguồn",
    "thắp sáng đường quê",
    "camera an ninh cộng đồng",
    "dòng họ học tập",
    "khu dân cư không có tội phạm",
    "tổ tự quản vệ sinh môi trường",
    "ủ phân hữu cơ từ rác thải sinh hoạt",
    "hàng rào xanh",
    "biến điểm tập kết rác thành vườn hoa",
};
static const char *const farm_models[] = {
    "chăn nuôi lợn an toàn sinh học",
    "trồng cam theo tiêu chuẩn VietGAP",
    "nuôi hươu lấy nhung",
    "trồng nấm sò, nấm linh chi",
    "nuôi tôm trong nhà màng",
    "trồng bưởi Phúc Trạch",
    "nuôi ong lấy mật",
    "trồng rau an toàn trong nhà lưới",
    "nuôi gà thả đồi",
    "trồng dược liệu dưới tán rừng",
    "nuôi cá lồng trên sông",
    "trồng dưa lưới công nghệ cao",
};
static const char *const works[] = {
    "đường giao thông nông thôn",
    "kênh mương nội đồng",
    "nhà văn hóa thôn",
    "điện chiếu sáng",
    "trường mầm non",
    "chợ nông thôn",
    "điểm tập kết rác thải",
    "sân thể thao thôn",
    "đường trục chính nội đồng",
    "trạm y tế",
};
static const char *const unions[] = {
    "Hội Nông dân",       "Hội Liên hiệp Phụ nữ",    "Đoàn Thanh niên",
    "Hội Cựu chiến binh", "Ủy ban Mặt trận Tổ quốc", "Hội Người cao tuổi",
};
static const char *const digital[] = {
    "sàn thương mại điện tử",
    "các nền tảng mạng xã hội",
    "kênh bán hàng livestream",
    "các ứng dụng mua sắm trực tuyến",
    "trang thông tin điện tử của hợp tác xã",
};
static const char *const products[] = {
    "mật ong rừng {xa}", "nước mắm {xa}", "cam chanh {xa}",   "bưởi Phúc Trạch",
    "kẹo cu đơ {huyen}", "chè xanh {xa}", "tinh dầu sả {xa}", "nhung hươu Hương Sơn",
    "bánh đa vừng {xa}", "mực khô {xa}",  "gạo hữu cơ {xa}",  "rượu nếp {xa}",
    "nấm linh chi {xa}", "ruốc tôm {xa}", "chả cá {xa}",      "mứt gừng {xa}",
};
static const char *const cooperatives[] = {
    "HTX Nông nghiệp {xa}",           "HTX Dịch vụ tổng hợp {xa}", "HTX Sản xuất và Kinh doanh {xa}",
    "HTX Nông nghiệp & Dịch vụ {xa}", "Tổ hợp tác sản xuất {xa}",  "HTX Nông sản sạch {xa}",
};

const struct words_list words_criteria_2021 = WORDS_LIST(criteria_2021);
const struct words_list words_criteria_2026 = WORDS_LIST(criteria_2026);
const struct words_list words_community_models = WORDS_LIST(community_models);
const struct words_list words_farm_models = WORDS_LIST(farm_models);
const struct words_list words_works = WORDS_LIST(works);
const struct words_list words_unions = WORDS_LIST(unions);
const struct words_list words_digital = WORDS_LIST(digital);
const struct words_list words_products = WORDS_LIST(products);
const struct words_list words_cooperatives = WORDS_LIST(cooperatives);

static const char *const topics[] = {
    "xây dựng nông thôn mới",
    "xây dựng nông thôn mới nâng cao",
    "xây dựng khu dân cư kiểu mẫu",
    "xây dựng vườn mẫu",
    "phát triển sản phẩm OCOP",
    "chuyển đổi số",
    "bảo vệ môi trường nông thôn",
    "giảm nghèo bền vững",
    "huy động nguồn lực",
    "phát triển kinh tế vườn",
    "chỉnh trang cảnh quan nông thôn",
    "nâng cao thu nhập cho người dân",
};
const struct words_list words_topics = WORDS_LIST(topics);

const struct words_document words_documents[] = {
    {"Kế hoạch", "KH-UBND", "UBND tỉnh", 480},
    {"Quyết định", "QĐ-UBND", "UBND tỉnh", 3600},
    {"Chỉ thị", "CT-UBND", "UBND tỉnh", 24},
    {"Công văn", "UBND-NL", "UBND tỉnh", 7800},
    {"Hướng dẫn", "HD-VPĐP", "Văn phòng Điều phối nông thôn mới tỉnh", 40},
    {"Thông báo", "TB-BCĐ", "Ban Chỉ đạo các Chương trình mục tiêu quốc gia tỉnh", 160},
    {"Kế hoạch", "KH-BCĐ", "Ban Chỉ đạo các Chương trình mục tiêu quốc gia tỉnh", 60},
    {"Công văn", "VPĐP-KHTH", "Văn phòng Điều phối nông thôn mới tỉnh", 650},
};
const size_t words_document_count = sizeof(words_documents) / sizeof(words_documents[0]);

/* --- settings, tags, links ---------------------------------------------------- */

const struct words_pair words_settings[] = {
    {"site.name", "Trang thông tin điện tử Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh"},
    {"site.short_name", "Nông thôn mới Hà Tĩnh"},
    {"site.agency", "Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh"},
    {"site.responsible", "Ông Phạm Quang Vinh, Chánh Văn phòng Điều phối nông thôn mới tỉnh"},
    {"site.address", "Số 58 đường Phan Đình Phùng, phường Thành Sen, tỉnh Hà Tĩnh"},
    {"site.phone", "0239 3 858 246"},
    {"site.fax", "0239 3 858 247"},
    {"site.email", "vpdpntm@example.gov.vn"},
    {"site.licence", "Giấy phép số 34/GP-TTĐT do Sở Thông tin và Truyền thông tỉnh Hà Tĩnh cấp ngày 18/6/2019"},
    {"site.description",
     "Thông tin về Chương trình mục tiêu quốc gia xây dựng nông thôn mới trên địa bàn tỉnh Hà Tĩnh: chỉ đạo, "
     "điều hành, văn bản, mô hình hay và gương điển hình."},
    {"site.keywords", "nông thôn mới, Hà Tĩnh, OCOP, khu dân cư kiểu mẫu, vườn mẫu, chuyển đổi số"},
    {"site.about",
     "Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh là cơ quan chuyên trách giúp Ban Chỉ đạo các Chương trình mục "
     "tiêu quốc gia tỉnh theo dõi, đôn đốc và tổng hợp việc xây dựng nông thôn mới trên địa bàn tỉnh. Văn phòng có "
     "con dấu, tài khoản riêng và chịu sự chỉ đạo trực tiếp của Trưởng Ban Chỉ đạo tỉnh.\n"
     "\n"
     "Chức năng, nhiệm vụ:\n"
     "- Tham mưu kế hoạch xây dựng nông thôn mới hằng năm và từng giai đoạn của tỉnh; hướng dẫn các xã, phường xây "
     "dựng và thực hiện kế hoạch của mình.\n"
     "- Theo dõi, đánh giá mức đạt các tiêu chí của từng xã theo Bộ tiêu chí quốc gia; thẩm tra hồ sơ đề nghị công "
     "nhận xã đạt chuẩn nông thôn mới, nông thôn mới nâng cao, nông thôn mới kiểu mẫu.\n"
     "- Tổng hợp, báo cáo kết quả thực hiện Chương trình với Ban Chỉ đạo tỉnh và Văn phòng Điều phối nông thôn mới "
     "Trung ương.\n"
     "- Phối hợp với các sở, ngành phụ trách tiêu chí và các đơn vị đỡ đầu xã; tuyên truyền, tập huấn cho cán bộ và "
     "người dân.\n"
     "\n"
     "Cơ cấu tổ chức: Chánh Văn phòng, các Phó Chánh Văn phòng; Phòng Kế hoạch - Tổng hợp; Phòng Nghiệp vụ; bộ phận "
     "Hành chính - Quản trị. Ở cấp xã, công chức được giao theo dõi nông thôn mới là đầu mối báo cáo số liệu với "
     "Văn phòng."},
    {"site.contacts",
     "Phạm Quang Vinh; Chánh Văn phòng; Văn phòng Điều phối nông thôn mới tỉnh; 0239 3 858 246; vinhpq@example.gov.vn\n"
     "Nguyễn Thị Thanh Hương; Phó Chánh Văn phòng; Văn phòng Điều phối nông thôn mới tỉnh; 0239 3 858 248; "
     "huongntt@example.gov.vn\n"
     "Lê Văn Đức; Trưởng phòng Kế hoạch - Tổng hợp; Văn phòng Điều phối nông thôn mới tỉnh; 0239 3 858 249; "
     "duclv@example.gov.vn"},
    {"site.about_en",
     "The New Rural Development Coordination Office of Hà Tĩnh province is the standing body that assists the "
     "Provincial Steering Committee for the National Target Programmes in following, urging and reporting on the "
     "building of new rural areas in the province.\n"
     "\n"
     "Functions and tasks:\n"
     "- Advise on the province's yearly and multi-year plans for new rural development and guide the communes in "
     "making and carrying out their own.\n"
     "- Monitor each commune against the national criteria and examine the dossiers of communes proposed for "
     "recognition (new rural, advanced and model new rural commune).\n"
     "- Report on the programme to the Provincial Steering Committee and to the Central Coordination Office.\n"
     "- Work with the departments responsible for each criterion and with the sponsor units assigned to communes; "
     "train officials and inform residents.\n"
     "\n"
     "Organisation: the Chief of Office and Deputy Chiefs; the Planning and Reporting Division; the Technical "
     "Division; the Administration unit."},
};
const size_t words_setting_count = sizeof(words_settings) / sizeof(words_settings[0]);

static const char *const extra_tags[] = {
    "nông thôn mới kiểu mẫu", "giảm nghèo",   "thu nhập",   "nước sạch",       "văn hóa",          "y tế", "giáo dục",
    "lao động việc làm",      "Hội Nông dân", "Hội Phụ nữ", "Đoàn Thanh niên", "Mặt trận Tổ quốc",
};
const struct words_list words_extra_tags = WORDS_LIST(extra_tags);

const struct words_pair words_weblinks[] = {
    {"Cổng Thông tin điện tử Chính phủ", "https://chinhphu.vn"},
    {"Văn phòng Điều phối nông thôn mới Trung ương", "https://nongthonmoi.gov.vn"},
    {"Bộ Nông nghiệp và Môi trường", "https://mae.gov.vn"},
    {"Cổng thông tin điện tử tỉnh Hà Tĩnh", "https://hatinh.gov.vn"},
    {"Báo Hà Tĩnh", "https://baohatinh.vn"},
    {"Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn"},
    {"Hệ thống văn bản Chính phủ", "https://vanban.chinhphu.vn"},
    {"Cơ sở dữ liệu quốc gia về văn bản pháp luật", "https://vbpl.vn"},
    {"Báo điện tử Đảng Cộng sản Việt Nam", "https://dangcongsan.vn"},
    {"Cổng thông tin điện tử Quốc hội", "https://quochoi.vn"},
};
const size_t words_weblink_count = sizeof(words_weblinks) / sizeof(words_weblinks[0]);
