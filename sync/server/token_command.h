// `plan-server token add|list|remove`: the named API tokens on the database file, whether
// plan-server runs or not (a running one sees the change within a second).
#pragma once

namespace pt::server {

/// Runs `plan-server token …` (argv[1] is "token"); returns the exit status.
int run_token_command(int argc, char** argv);

}  // namespace pt::server
