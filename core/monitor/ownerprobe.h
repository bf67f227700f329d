#pragma once

#include <QString>

namespace lockscope {

/// LockScope owner ids are "<host>:<pid>:<random>". When the host is this machine and no
/// process has that pid any more, the lock's holder is gone: the lock is orphaned (it will go
/// when its lease or session runs out, or an operator releases it).
class OwnerProbe {
public:
    static bool isOrphaned(const QString& owner);
};

} // namespace lockscope
