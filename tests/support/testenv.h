#pragma once

#include "connectors/postgresuri.h"
#include "connectors/redisuri.h"
#include "connectors/zookeeperuri.h"
#include "core/sandbox/sandboxinfo.h"

#include <QString>

namespace lockscope::test {

/// The sandbox the CTest fixture started ($LOCKSCOPE_SANDBOX_DIR). Integration tests fail,
/// never skip, when it is missing: they claim to test real servers.
SandboxInfo sandbox();
RedisUri redisUri();
ZooKeeperUri zookeeperUri();
PostgresUri postgresUri();

/// A name no other test or run uses: prefix + pid + counter + random suffix.
QString uniqueName(const QString& prefix);

} // namespace lockscope::test
