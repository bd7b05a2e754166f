#include "write/manifest.h"

#include <doctest/doctest.h>

#include <map>
#include <string>

namespace annals {
namespace {

const char kEmptySha[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const char kAbcSha[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const char kXSha[] = "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881";

TEST_CASE("Sha256Hex gives the standard test vectors in lowercase hex") {
  CHECK(Sha256Hex("") == kEmptySha);
  CHECK(Sha256Hex("abc") == kAbcSha);
  CHECK(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("Sha256Hex hashes every byte, NUL included") {
  CHECK(Sha256Hex(std::string("abc\0", 4)) != kAbcSha);
  CHECK(Sha256Hex(std::string_view("abcdef", 3)) == kAbcSha);
}

TEST_CASE("the manifest's name") { CHECK(std::string(kManifestName) == "manifest-sha256.txt"); }

TEST_CASE("Manifest of no files is empty") { CHECK(Manifest({}) == ""); }

TEST_CASE("Manifest lists files sorted by path in sha256sum's format") {
  std::map<std::string, std::string> files = {
      {"feed.xml", "abc"}, {"a/index.html", ""}, {"B.css", "x"}};
  CHECK(Manifest(files) == std::string(kXSha) + "  B.css\n" + kEmptySha + "  a/index.html\n" +
                               kAbcSha + "  feed.xml\n");
}

}  // namespace
}  // namespace annals
