// `plan-server user add|passwd|remove|list`: the console's users on the database file, whether
// plan-server runs or not (a running one sees the change within a second).
#pragma once

namespace pt::server {

/// Runs `plan-server user …` (argv[1] is "user"); returns the exit status.
int run_user_command(int argc, char** argv);

}  // namespace pt::server
