#pragma once

#include "core/bench/benchreference.h"

#include <memory>
#include <string>

namespace lockscope {

class RedisClient;
struct NamespaceConfig;

/// hiredis doing what a lock cycle does: SET NX PX, then an EVAL compare-and-delete.
class RedisBenchReference : public BenchReference {
public:
    explicit RedisBenchReference(const NamespaceConfig& config);
    ~RedisBenchReference() override;
    QString describe() const override;
    void cycle() override;
    /// used_cpu_sys + used_cpu_user from INFO cpu.
    double serverCpuSeconds() override;

private:
    std::unique_ptr<RedisClient> m_client;
    std::string m_key;
    long long m_n = 0;
};

} // namespace lockscope
