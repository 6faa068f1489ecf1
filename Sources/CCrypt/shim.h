// libxcrypt (Debian's libcrypt): bcrypt ($2a$/$2b$/$2y$) through crypt_r and crypt_gensalt_rn.
#include <crypt.h>
