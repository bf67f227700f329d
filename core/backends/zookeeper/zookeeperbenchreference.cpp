#include "core/backends/zookeeper/zookeeperbenchreference.h"

#include "connectors/zksession.h"
#include "core/namespaceconfig.h"

namespace lockscope {

ZooKeeperBenchReference::ZooKeeperBenchReference(const NamespaceConfig& config)
    : m_session(std::make_unique<ZkSession>(config.zookeeper))
    , m_root("/" + config.ns + "/bench-reference") {
    m_session->ensurePath(m_root);
}

ZooKeeperBenchReference::~ZooKeeperBenchReference() = default;

QString ZooKeeperBenchReference::describe() const {
    return QStringLiteral("zookeeper_mt: create ephemeral-sequential + getChildren + delete");
}

void ZooKeeperBenchReference::cycle() {
    const std::string path =
        m_session->create(m_root + "/n-", {}, ZkSession::CreateMode::EphemeralSequential);
    m_session->children(m_root);
    m_session->remove(path);
}

} // namespace lockscope
