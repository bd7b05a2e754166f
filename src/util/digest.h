// SHA-256, for fixity (the manifest), the build cache and what each page read.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace annals {

// Lowercase hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

// A SHA-256 sum as its 32 bytes.
using Digest = std::array<unsigned char, 32>;

// SHA-256 of bytes given a piece at a time.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Add(std::string_view bytes);
  // Text whose end is marked (its length first), so that "ab","c" and "a","bc" differ.
  void AddField(std::string_view text);
  void Add(const Digest& digest) {
    Add(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
  }
  // The sum of everything added; the object may not be used afterwards.
  Digest Finish();

 private:
  void* context_;  // OpenSSL's EVP_MD_CTX
};

std::string HexOf(const Digest& digest);

}  // namespace annals
