#pragma once

namespace lockscope {

/// This process's resident set size in bytes (VmRSS from /proc/self/status), 0 if unknown.
long long residentSetBytes();

} // namespace lockscope
