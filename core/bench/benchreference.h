#pragma once

#include <QString>

namespace lockscope {

/// The bare client library doing what one lock cycle does (no lock logic): the floor a lock
/// strategy is compared with in `bench lock`. Each backend provides its own. Owns its connection.
class BenchReference {
public:
    virtual ~BenchReference() = default;
    virtual QString describe() const = 0;
    virtual void cycle() = 0;
    /// The server's CPU seconds so far, where the server tells (Redis INFO); negative otherwise.
    virtual double serverCpuSeconds() { return -1; }
};

} // namespace lockscope
