#pragma once

#include "core/backends/lockbackend.h"

#include <QString>
#include <memory>

namespace lockscope {

class ZkSession;

/// exists("/") over a kept session (a new session every few seconds would be churn on the
/// ensemble); a new session only after a failure or expiry.
class ZooKeeperProbe : public BackendProbe {
public:
    explicit ZooKeeperProbe(QString uri);
    ~ZooKeeperProbe() override;
    BackendHealth probe() override;

private:
    QString m_uri;
    std::unique_ptr<ZkSession> m_session;
    QString m_version;
};

} // namespace lockscope
