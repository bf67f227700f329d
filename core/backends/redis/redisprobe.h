#pragma once

#include "core/backends/lockbackend.h"

#include <QString>
#include <memory>

namespace lockscope {

class RedisConnection;

/// PING over a kept connection; INFO's redis_version on connect.
class RedisProbe : public BackendProbe {
public:
    explicit RedisProbe(QString uri);
    ~RedisProbe() override;
    BackendHealth probe() override;

private:
    QString m_uri;
    std::unique_ptr<RedisConnection> m_client;
    QString m_version;
};

} // namespace lockscope
