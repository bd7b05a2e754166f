// Bytes in memory read as a std::istream (as cereal's archives read), without a copy.
#pragma once

#include <streambuf>
#include <string_view>

namespace annals {

class MemoryInput : public std::streambuf {
 public:
  explicit MemoryInput(std::string_view bytes) {
    char* begin = const_cast<char*>(bytes.data());  // only ever read
    setg(begin, begin, begin + bytes.size());
  }
  // Whether every byte has been read.
  bool at_end() { return gptr() == egptr(); }
  // How many bytes have been read.
  size_t consumed() { return gptr() - eback(); }
  // Passes over the next `count` bytes; false, passing over nothing, when fewer are left.
  bool Skip(size_t count) {
    if (static_cast<size_t>(egptr() - gptr()) < count) return false;
    setg(eback(), gptr() + count, egptr());
    return true;
  }
};

}  // namespace annals
