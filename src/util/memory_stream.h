// Bytes in memory read as a std::istream (as cereal's archives read), and written into a
// string as a std::ostream, without a copy.
#pragma once

#include <functional>
#include <streambuf>
#include <string>
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

// A stream buffer that appends what is written through it to a string, and calls `spill`
// (which may empty the string) whenever it holds `spill_at` bytes or more: a large
// serialization goes where it is wanted a part at a time, without a copy.
class StringOutput : public std::streambuf {
 public:
  explicit StringOutput(std::string* text, size_t spill_at = std::string::npos,
                        std::function<void()> spill = {})
      : text_(text), spill_at_(spill_at), spill_(std::move(spill)) {}

 protected:
  std::streamsize xsputn(const char* bytes, std::streamsize count) override {
    text_->append(bytes, static_cast<size_t>(count));
    if (text_->size() >= spill_at_ && spill_) spill_();
    return count;
  }
  int_type overflow(int_type c) override {
    if (c == traits_type::eof()) return traits_type::not_eof(c);
    const char byte = traits_type::to_char_type(c);
    xsputn(&byte, 1);
    return c;
  }

 private:
  std::string* text_;
  size_t spill_at_;
  std::function<void()> spill_;
};

}  // namespace annals
