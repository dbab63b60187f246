// The body of POST /api/v1/events, the input every terminal sends: decoded, and each event that
// decodes is encoded again and must decode to the same event (what the server stores is what
// it was sent).
#include <cstdlib>

#include "sync/protocol/protocol.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace pt::protocol;
    std::vector<DecodedEvent> decoded;
    try {
        decoded = decode_events_request(pt::fuzz::as_text(data, size));
    } catch (const ProtocolError&) {
        return 0;
    }
    if (decoded.size() > kMaxEventsPerRequest) std::abort();
    for (const DecodedEvent& one : decoded) {
        if (!one.event) {
            if (one.error.empty()) std::abort();  // a malformed event always says why
            continue;
        }
        const std::vector<DecodedEvent> again =
            decode_events_request(encode_events_request({*one.event}));
        if (again.size() != 1 || !again[0].event || !(*again[0].event == *one.event)) {
            std::abort();
        }
    }
    return 0;
}
