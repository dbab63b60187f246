#include "tests/store/store_fixture.h"

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "sync/store/event_id.h"

namespace pt::store::testing {

std::unique_ptr<TerminalDb> StoreFixture::open(TerminalDbOptions options) {
    if (!options.clock) options.clock = clock.clock();
    return std::make_unique<TerminalDb>(file, std::move(options));
}

plan::Event make_event(plan::EventType type, std::string target, std::string operator_id) {
    plan::Event event;
    event.id = new_event_id();
    event.type = type;
    event.operator_id = std::move(operator_id);
    event.target_id = std::move(target);
    event.occurred_at = plan::Timestamp(std::chrono::seconds(1'795'000'123));
    switch (type) {
        case plan::EventType::work_step_paused:
            event.data.reason = "MAT";
            break;
        case plan::EventType::work_step_quantity:
        case plan::EventType::work_step_finished:
            event.data.good = 98;
            event.data.scrap = 2;
            event.data.scrap_reason = "SURF";
            break;
        case plan::EventType::process_feedback:
            event.data.process_status = plan::ProcessStatus::done;
            event.data.comment = "Ölwanne geprüft — ok";
            break;
        case plan::EventType::work_step_note:
            event.data.text = "Charge 2: Haftgrund dünn — bitte prüfen";
            break;
        case plan::EventType::work_step_corrected:
            event.data.corrects = "7c0a8a4e-3f1b-4c52-9d6e-2b8f0e1a9c31";
            event.data.good = 97;
            event.data.scrap = 3;
            event.data.scrap_reason = "SURF";
            event.data.approved_by = "OP9";
            break;
        case plan::EventType::work_step_started:
        case plan::EventType::work_step_resumed:
        case plan::EventType::work_step_joined:
        case plan::EventType::work_step_left:
            break;
    }
    return event;
}

std::string read_file(const std::filesystem::path& file) {
    std::error_code error;
    const auto size = std::filesystem::file_size(file, error);
    if (error) return {};
    std::ifstream in(file, std::ios::binary);
    std::string bytes(static_cast<std::size_t>(size), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return bytes;
}

void write_file(const std::filesystem::path& file, std::string_view bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + file.string());
}

std::string read_database_files(const std::filesystem::path& file) {
    return read_file(file) + read_file(file.string() + "-wal") + read_file(file.string() + "-shm");
}

}  // namespace pt::store::testing
