#pragma once

#include "core/bench/benchreference.h"

#include <memory>
#include <string>

namespace lockscope {

class ZkSession;
struct NamespaceConfig;

/// zookeeper_mt doing what a lock cycle does: create ephemeral-sequential, getChildren, delete.
class ZooKeeperBenchReference : public BenchReference {
public:
    explicit ZooKeeperBenchReference(const NamespaceConfig& config);
    ~ZooKeeperBenchReference() override;
    QString describe() const override;
    void cycle() override;

private:
    std::unique_ptr<ZkSession> m_session;
    std::string m_root;
};

} // namespace lockscope
