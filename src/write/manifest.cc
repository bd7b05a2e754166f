#include "write/manifest.h"

#include <openssl/evp.h>

namespace annals {

const char kManifestName[] = "manifest-sha256.txt";

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

std::string Manifest(const std::map<std::string, std::string>& files) {
  std::string out;
  for (const auto& [path, bytes] : files) out += Sha256Hex(bytes) + "  " + path + "\n";
  return out;
}

}  // namespace annals
