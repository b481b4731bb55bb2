/* oserr.c - system errors in Vietnamese; see oserr.h. */
#include "core/oserr.h"

#include <errno.h>
#include <string.h>

const char *os_error_words(int e)
{
    switch (e) {
    case EACCES:
    case EPERM: return "không có quyền truy cập";
    case ENOENT: return "không có tệp hay thư mục này";
    case ENOTDIR: return "một phần của đường dẫn không phải thư mục";
    case EISDIR: return "đây là một thư mục, không phải tệp";
    case EEXIST: return "đã có tệp mang tên này";
    case ENOSPC: return "đĩa đã đầy";
    case EDQUOT: return "đã hết hạn mức dung lượng đĩa của người dùng";
    case EROFS: return "hệ thống tệp chỉ cho đọc";
    case ENAMETOOLONG: return "đường dẫn quá dài";
    case ELOOP: return "đường dẫn có vòng liên kết tượng trưng";
    case EMFILE:
    case ENFILE: return "đã mở quá nhiều tệp";
    case ENOMEM: return "không đủ bộ nhớ";
    case EIO: return "lỗi đọc ghi của thiết bị lưu trữ";
    case EFBIG: return "tệp vượt quá kích thước cho phép";
    case EBUSY: return "tài nguyên đang bận";
    case ETXTBSY: return "tệp đang được dùng";
    case EINVAL: return "tham số không hợp lệ";
    case EADDRINUSE: return "cổng đang được một chương trình khác dùng";
    case EADDRNOTAVAIL: return "máy này không có địa chỉ đó";
    case EAFNOSUPPORT: return "máy này không hỗ trợ loại địa chỉ đó";
    default: return strerror(e);
    }
}
