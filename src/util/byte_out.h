// Bytes handed on a part at a time, so that a large file is written as it is made
// instead of being held whole.
#pragma once

#include <string>
#include <string_view>

#include "util/status.h"

namespace annals {

class ByteOut {
 public:
  virtual ~ByteOut() = default;
  void Append(std::string_view bytes) {
    size_ += static_cast<long long>(bytes.size());
    Write(bytes);
  }
  // How many bytes have been handed on.
  long long size() const { return size_; }

 protected:
  virtual void Write(std::string_view bytes) = 0;
  long long size_ = 0;
};

// The bytes kept in a string.
class StringOut : public ByteOut {
 public:
  std::string& text() { return text_; }

 private:
  void Write(std::string_view bytes) override { text_ += bytes; }
  std::string text_;
};

// A file made a part at a time (render/site.h), which may take parts of the file the
// previous build made at the same path.
class FileOut : public ByteOut {
 public:
  // Appends `length` bytes from `offset` of the previous build's file; false, having
  // appended nothing, when that file is not the one the caller named on opening this
  // one, or is shorter.
  virtual bool AppendPrevious(long long offset, long long length) = 0;
  // Ends the file: in place, whole, when Ok. Reports what failed while writing it.
  virtual Status Close() = 0;
};

}  // namespace annals
