#pragma once

#include <string>

namespace lockscope {

/// Owner ids: "<host>:<pid>:<16 random hex>" - unique per acquisition, readable by an operator.
class OwnerId {
public:
    static std::string next();
    /// 32 random hex characters (a GUID without dashes), for ZooKeeper's protected node names.
    static std::string guid();
};

} // namespace lockscope
