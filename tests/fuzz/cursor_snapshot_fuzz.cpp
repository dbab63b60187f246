// The stored snapshot a pull cursor names, as read back from plan-server's database: a damaged
// blob decodes to nullopt (a full pull), never to a crash; one that decodes encodes back to the
// same bytes' meaning.
#include <cstdlib>

#include "sync/server/plan_delta.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto snapshot = pt::server::decode_snapshot(pt::fuzz::as_text(data, size));
    if (!snapshot) return 0;
    const auto again = pt::server::decode_snapshot(pt::server::encode_snapshot(*snapshot));
    if (!again || pt::server::encode_snapshot(*again) != pt::server::encode_snapshot(*snapshot)) {
        std::abort();
    }
    return 0;
}
