// Status: the result of an operation that can fail for reasons outside the content
// (a missing folder, a full disk). Content mistakes are Diagnostics, not Statuses.
#pragma once

#include <string>
#include <utility>

namespace annals {

class Status {
 public:
  static Status Ok() { return Status(); }
  static Status IoError(std::string message) { return Status(std::move(message)); }

  bool ok() const { return message_.empty(); }
  const std::string& message() const { return message_; }

 private:
  Status() = default;
  explicit Status(std::string message) : message_(std::move(message)) {}
  std::string message_;
};

}  // namespace annals
