// Every decoder of sync/protocol on hostile text. The first byte picks the decoder, the rest is
// the document: each returns or throws ProtocolError, never anything else.
#include "sync/protocol/protocol.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

using namespace pt::protocol;

void decode_with(std::uint8_t which, std::string_view text) {
    switch (which % 20) {
        case 0:
            (void)decode_error(text);
            break;
        case 1:
            (void)decode_dataset(text);
            break;
        case 2:
            (void)decode_order(text);
            break;
        case 3:
            (void)decode_order_change(text);
            break;
        case 4: {
            pt::plan::WorkStep step;
            apply_work_step_patch(step, text);
            break;
        }
        case 5: {
            pt::plan::Process process;
            apply_process_patch(process, text);
            break;
        }
        case 6: {
            pt::plan::Partner partner;
            apply_partner_patch(partner, text);
            break;
        }
        case 7: {
            pt::plan::Resource resource;
            apply_resource_patch(resource, text);
            break;
        }
        case 8: {
            pt::plan::Settings settings;
            apply_settings_update(settings, text);
            break;
        }
        case 9:
            (void)decode_enrollment_code(text);
            break;
        case 10:
            (void)decode_enrollment_code_request(text);
            break;
        case 11:
            (void)decode_enroll_request(text);
            break;
        case 12:
            (void)decode_enroll_response(text);
            break;
        case 13:
            (void)decode_login_request(text);
            break;
        case 14:
            (void)decode_login_response(text);
            break;
        case 15:
            (void)decode_plan_response(text);
            break;
        case 16:
            (void)decode_events_request(text);
            break;
        case 17:
            (void)decode_event_results(text);
            break;
        case 18:
            (void)decode_recorded_events(text);
            break;
        default:
            (void)decode_dataset(text);
            break;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    try {
        decode_with(data[0], pt::fuzz::as_text(data + 1, size - 1));
    } catch (const ProtocolError&) {
        // the documented answer to a broken document
    }
    return 0;
}
