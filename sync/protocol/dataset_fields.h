// Internal to terminal::protocol: the dataset objects' fields, shared by the dataset codec
// (every field required) and the admin patches (every field optional).
#pragma once

#include "sync/plan/types.h"
#include "sync/protocol/json_read.h"
#include "sync/protocol/protocol.h"

namespace pt::protocol::detail {

/// `default_external_inheritance`, `external_columns` (a missing list inside means every
/// column; absent as a whole keeps the current columns) and `reasons {pause, scrap}`.
void read_settings_fields(const ObjectReader& object, plan::Settings& settings, Presence presence);
/// The fields of kPartnerFields (not `operators`); a patch refuses `id` before.
void read_partner_fields(const ObjectReader& object, plan::Partner& partner, Presence presence);
/// The fields of kResourceFields (not `partner_ids`); a patch refuses `id` before.
void read_resource_fields(const ObjectReader& object, plan::Resource& resource, Presence presence);
/// The fields of kWorkStepFields; a patch refuses `id` before.
void read_work_step_fields(const ObjectReader& object, plan::WorkStep& step, Presence presence);
/// The fields of kProcessFields; a patch refuses `id` before.
void read_process_fields(const ObjectReader& object, plan::Process& process, Presence presence);
/// One dataset order object; `parent_id` and `external_inheritance` may be null or absent.
[[nodiscard]] plan::Order read_order(const Json& value, const Path& path);

// The dataset objects as GET /admin/v1/dataset writes them, for the console's lists. (Named
// apart from the plan codec's view objects: unity batches put both files in one unit.)
[[nodiscard]] Json dataset_settings_json(const plan::Settings& settings);
[[nodiscard]] Json dataset_partner_json(const plan::Partner& partner,
                                        OperatorCredentials credentials);
[[nodiscard]] Json dataset_resource_json(const plan::Resource& resource);
[[nodiscard]] Json dataset_order_json(const plan::Order& order);
[[nodiscard]] Json dataset_work_step_json(const plan::WorkStep& step);
[[nodiscard]] Json dataset_process_json(const plan::Process& process);

}  // namespace pt::protocol::detail
