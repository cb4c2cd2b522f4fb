#ifndef LEDGER_STATE_BODY_TYPES_H_
#define LEDGER_STATE_BODY_TYPES_H_

// The one table of entry body types: for each, the message (whose full name is the payload type),
// its handler and who may submit it. Adding a body type is one line in body_types.cc.

#include <string>
#include <string_view>
#include <vector>

#include "google/protobuf/message.h"
#include "ledger/state/authorization.h"
#include "ledger/state/handlers.h"

namespace ledger::state {

struct BodyType {
  // The default instance of the body message; its first field is `EntryHeader header = 1`.
  const google::protobuf::Message* prototype;
  Handler handler;
  Authorization authorization;

  // "ledger.v1." + the message name: the full protobuf name, as the package is ledger.v1.
  const std::string& payload_type() const { return prototype->GetDescriptor()->full_name(); }
};

// Every known body type, in the order of the table.
const std::vector<BodyType>& BodyTypes();

// The body type named by `payload_type`, or null.
const BodyType* FindBodyType(std::string_view payload_type);

}  // namespace ledger::state

#endif  // LEDGER_STATE_BODY_TYPES_H_
