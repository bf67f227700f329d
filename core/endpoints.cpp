#include "core/endpoints.h"

#include "core/sandbox/sandboxerror.h"
#include "core/sandbox/sandboxinfo.h"

#include <QFileInfo>

namespace lockscope {

Endpoints Endpoints::resolve(const QString& redis, const QString& zookeeper,
                             const QString& postgres, const QString& sandboxDir) {
    SandboxInfo named;
    if (!sandboxDir.isEmpty())
        named = SandboxInfo::load(sandboxDir); // throws: the operator named a directory without one
    SandboxInfo fromEnv;
    const QString envDir = qEnvironmentVariable("LOCKSCOPE_SANDBOX_DIR");
    if (sandboxDir.isEmpty() && !envDir.isEmpty() &&
        QFileInfo::exists(SandboxInfo::stackFile(envDir)))
        fromEnv = SandboxInfo::load(envDir);
    auto pick = [](const QString& explicitUri, const QString& inNamed, const char* env,
                   const QString& inEnvSandbox, const QString& fallback) {
        for (const QString& candidate :
             {explicitUri, inNamed, qEnvironmentVariable(env), inEnvSandbox})
            if (!candidate.isEmpty())
                return candidate;
        return fallback;
    };
    Endpoints e{pick(redis, named.redisUri, "LOCKSCOPE_REDIS", fromEnv.redisUri,
                     QStringLiteral("redis://127.0.0.1:6379")),
                pick(zookeeper, named.zookeeperUri, "LOCKSCOPE_ZOOKEEPER", fromEnv.zookeeperUri,
                     QStringLiteral("zookeeper://127.0.0.1:2181")),
                pick(postgres, named.postgresUri, "LOCKSCOPE_POSTGRES", fromEnv.postgresUri,
                     QStringLiteral("postgresql://127.0.0.1:5432/postgres")),
                {}};
    e.redlock = pick({}, named.redlockUris.join(u','), "LOCKSCOPE_REDLOCK",
                     fromEnv.redlockUris.join(u','), {});
    e.ssh = qEnvironmentVariable("LOCKSCOPE_SSH");
    return e;
}

} // namespace lockscope
