#include "core/sandbox/sandboxinfo.h"

#include "core/sandbox/sandboxerror.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace lockscope {

SandboxProcess* SandboxInfo::process(SandboxProcess::Role role, int index) {
    for (SandboxProcess& p : processes)
        if (p.role == role && p.index == index)
            return &p;
    return nullptr;
}

const SandboxProcess* SandboxInfo::process(SandboxProcess::Role role, int index) const {
    for (const SandboxProcess& p : processes)
        if (p.role == role && p.index == index)
            return &p;
    return nullptr;
}

QList<SandboxProcess> SandboxInfo::processesOf(SandboxProcess::Role role) const {
    QList<SandboxProcess> out;
    for (const SandboxProcess& p : processes)
        if (p.role == role)
            out << p;
    return out;
}

QString SandboxInfo::topologyName(Topology t) {
    return t == Topology::Ha ? QStringLiteral("ha") : QStringLiteral("single");
}

std::optional<SandboxInfo::Topology> SandboxInfo::topologyFromName(const QString& name) {
    if (name == u"single")
        return Topology::Single;
    if (name == u"ha")
        return Topology::Ha;
    return std::nullopt;
}

QJsonObject SandboxInfo::toJson() const {
    QJsonArray procs;
    for (const SandboxProcess& p : processes)
        procs.append(p.toJson());
    QJsonObject o{
        {QStringLiteral("dir"), dir},
        {QStringLiteral("state"),
         state == State::Starting ? QStringLiteral("starting") : QStringLiteral("running")},
        {QStringLiteral("up_pid"), upPid},
        {QStringLiteral("redis"), redisUri},
        {QStringLiteral("zookeeper"), zookeeperUri},
        {QStringLiteral("postgres"), postgresUri},
        {QStringLiteral("postgres_admin"), postgresAdminUri},
        {QStringLiteral("pids"), QJsonObject{{QStringLiteral("redis"), redisPid},
                                             {QStringLiteral("zookeeper"), zookeeperPid},
                                             {QStringLiteral("postgres"), postgresPid}}},
        {QStringLiteral("started_at_ms"), startedAtMs},
        {QStringLiteral("startup_ms"), startupMs},
        {QStringLiteral("topology"), topologyName(topology)},
        {QStringLiteral("processes"), procs},
    };
    o.insert(QStringLiteral("redlock"), QJsonArray::fromStringList(redlockUris));
    QJsonObject proxied;
    for (const auto& [key, uri] :
         {std::pair{"redis", &proxiedRedisUri}, std::pair{"zookeeper", &proxiedZookeeperUri},
          std::pair{"postgres", &proxiedPostgresUri}})
        if (!uri->isEmpty())
            proxied.insert(QLatin1String(key), *uri);
    if (!proxied.isEmpty())
        o.insert(QStringLiteral("proxied"), proxied);
    if (!users.isEmpty()) {
        QJsonObject byRole;
        for (const SandboxUser& u : users)
            byRole.insert(accessRoleName(u.role), u.toJson());
        o.insert(QStringLiteral("users"), byRole);
    }
    if (secure) {
        o.insert(QStringLiteral("secure"), true);
        o.insert(QStringLiteral("tls_dir"), tlsDir());
        o.insert(QStringLiteral("ssh"), sshUri);
    }
    if (topology == Topology::Ha) {
        o.insert(QStringLiteral("redis_cluster"), redisClusterUri);
        o.insert(QStringLiteral("redis_sentinel"), redisSentinelUri);
    }
    return o;
}

SandboxInfo SandboxInfo::fromJson(const QJsonObject& o) {
    SandboxInfo info;
    info.dir = o.value(QStringLiteral("dir")).toString();
    // A record without a state was written by a version that saved only running sandboxes.
    info.state = o.value(QStringLiteral("state")).toString() == u"starting" ? State::Starting
                                                                            : State::Running;
    info.upPid = o.value(QStringLiteral("up_pid")).toInteger();
    info.redisUri = o.value(QStringLiteral("redis")).toString();
    info.zookeeperUri = o.value(QStringLiteral("zookeeper")).toString();
    info.postgresUri = o.value(QStringLiteral("postgres")).toString();
    info.postgresAdminUri = o.value(QStringLiteral("postgres_admin")).toString();
    const QJsonObject pids = o.value(QStringLiteral("pids")).toObject();
    info.redisPid = pids.value(QStringLiteral("redis")).toInteger();
    info.zookeeperPid = pids.value(QStringLiteral("zookeeper")).toInteger();
    info.postgresPid = pids.value(QStringLiteral("postgres")).toInteger();
    info.startedAtMs = o.value(QStringLiteral("started_at_ms")).toInteger();
    info.startupMs = o.value(QStringLiteral("startup_ms")).toInteger();
    // A record without a topology was written before there was any other than single.
    info.topology =
        topologyFromName(o.value(QStringLiteral("topology")).toString()).value_or(Topology::Single);
    info.redisClusterUri = o.value(QStringLiteral("redis_cluster")).toString();
    info.redisSentinelUri = o.value(QStringLiteral("redis_sentinel")).toString();
    const QJsonObject proxied = o.value(QStringLiteral("proxied")).toObject();
    info.proxiedRedisUri = proxied.value(QStringLiteral("redis")).toString();
    info.proxiedZookeeperUri = proxied.value(QStringLiteral("zookeeper")).toString();
    info.proxiedPostgresUri = proxied.value(QStringLiteral("postgres")).toString();
    const QJsonObject users = o.value(QStringLiteral("users")).toObject();
    for (auto it = users.begin(); it != users.end(); ++it)
        if (const auto role = accessRoleFromName(it.key()))
            info.users << SandboxUser::fromJson(*role, it.value().toObject());
    info.secure = o.value(QStringLiteral("secure")).toBool();
    info.sshUri = o.value(QStringLiteral("ssh")).toString();
    for (const QJsonValue& v : o.value(QStringLiteral("redlock")).toArray())
        info.redlockUris << v.toString();
    for (const QJsonValue& v : o.value(QStringLiteral("processes")).toArray())
        info.processes << SandboxProcess::fromJson(v.toObject());
    return info;
}

QString SandboxInfo::stackFile(const QString& dir) {
    return QDir(dir).filePath(QStringLiteral("stack.json"));
}

SandboxInfo SandboxInfo::load(const QString& dir) {
    SandboxInfo info = loadRecord(dir);
    if (info.state == State::Starting)
        throw SandboxError({}, QStringLiteral("the sandbox in %1 is still starting, or its start "
                                              "was interrupted (by pid %2); 'sandbox down' stops "
                                              "what it started")
                                   .arg(dir)
                                   .arg(info.upPid));
    return info;
}

SandboxInfo SandboxInfo::loadRecord(const QString& dir) {
    QFile f(stackFile(dir));
    if (!f.open(QIODevice::ReadOnly))
        throw SandboxError(
            {},
            QStringLiteral("no sandbox in %1 (%2: %3)").arg(dir, f.fileName(), f.errorString()));
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (!doc.isObject())
        throw SandboxError(
            {}, QStringLiteral("%1 is not valid JSON: %2").arg(f.fileName(), err.errorString()));
    return fromJson(doc.object());
}

void SandboxInfo::save() const {
    QSaveFile f(stackFile(dir));
    if (!f.open(QIODevice::WriteOnly))
        throw SandboxError(
            {}, QStringLiteral("cannot write %1: %2").arg(f.fileName(), f.errorString()));
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(QJsonDocument(toJson()).toJson());
    if (!f.commit())
        throw SandboxError(
            {}, QStringLiteral("cannot write %1: %2").arg(f.fileName(), f.errorString()));
}

} // namespace lockscope
