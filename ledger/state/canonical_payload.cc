#include "ledger/state/canonical_payload.h"

#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/unknown_field_set.h"
#include "ledger/state/field_rules.h"
#include "ledger/state/rules.h"
#include "ledger/util/rule_error.h"

namespace ledger::state {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

absl::Status PayloadError(std::string_view message) {
  return RuleError(absl::StatusCode::kInvalidArgument, rules::kPayload, message);
}

struct UnknownField {
  std::string where;  // the full name of the message holding it, with the field path
  int number = 0;
};

// The first unknown field in `message` or any message inside it, depth first.
std::optional<UnknownField> FindUnknownField(const Message& message, const std::string& where) {
  const Reflection* reflection = message.GetReflection();
  const google::protobuf::UnknownFieldSet& unknown = reflection->GetUnknownFields(message);
  if (!unknown.empty()) return UnknownField{where, unknown.field(0).number()};
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        std::optional<UnknownField> found =
            FindUnknownField(reflection->GetRepeatedMessage(message, field, i),
                             absl::StrCat(where, ".", field->name(), "[", i, "]"));
        if (found.has_value()) return found;
      }
    } else {
      std::optional<UnknownField> found = FindUnknownField(reflection->GetMessage(message, field),
                                                           absl::StrCat(where, ".", field->name()));
      if (found.has_value()) return found;
    }
  }
  return std::nullopt;
}

size_t FirstDifference(std::string_view a, std::string_view b) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  return i;
}

}  // namespace

std::string SerializeCanonical(const Message& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream out(&stream);
    // Only map fields serialize differently without it; set it so that a future map field does
    // not silently make the encoding ambiguous.
    out.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&out);
  }
  return bytes;
}

absl::StatusOr<std::unique_ptr<Message>> ParseCanonical(const Message& prototype,
                                                        std::string_view bytes) {
  const std::string& type = prototype.GetDescriptor()->full_name();
  std::unique_ptr<Message> message(prototype.New());
  if (!message->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return PayloadError(absl::StrCat("payload (", bytes.size(), " bytes) is not a valid ", type,
                                     " protobuf (or has a string field that is not UTF-8)"));
  }
  std::optional<UnknownField> unknown = FindUnknownField(*message, type);
  if (unknown.has_value()) {
    return PayloadError(absl::StrCat("payload has an unknown field number ", unknown->number,
                                     " in ", unknown->where));
  }
  const std::string canonical = SerializeCanonical(*message);
  if (canonical != bytes) {
    return PayloadError(absl::StrCat(
        "payload is not in canonical encoding (a field repeated, out of order, default-valued, "
        "unpacked or with a non-minimal varint): the ",
        bytes.size(), " bytes received re-encode to ", canonical.size(),
        " bytes that differ from byte offset ", FirstDifference(canonical, bytes)));
  }
  return message;
}

}  // namespace ledger::state
