#include "cli/sandboxcommand.h"

#include "cli/cliutil.h"
#include "core/fault/proxycontrolerror.h"
#include "core/sandbox/sandbox.h"
#include "core/sandbox/sandboxerror.h"
#include "core/sandbox/sandboxproxies.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QUrl>
#include <csignal>
#include <ctime>

namespace lockscope::cli {

namespace {

/// Blocks until SIGINT/SIGTERM/SIGHUP, or until the sandbox was taken down from elsewhere.
void waitForSignalOrDown(const SandboxInfo& info) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    // Blocked only now: the servers were started before, and a blocked mask would be inherited.
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    const timespec tick{0, 500 * 1000 * 1000};
    while (true) {
        const int sig = sigtimedwait(&set, nullptr, &tick);
        if (sig > 0)
            return;
        if (!QFileInfo::exists(SandboxInfo::stackFile(info.dir)) || !Sandbox::isRunning(info))
            return;
    }
}

/// The URI as a person may see it: the password replaced by ***. stack.json (0600) is the only
/// place with the passwords (the `lockscope` role's and the admin's).
QString masked(const QString& uri) {
    QUrl u(uri);
    if (!u.isValid() || u.password().isEmpty())
        return uri;
    u.setPassword(QStringLiteral("***"));
    return u.toString();
}

/// SandboxInfo::toJson() with every URI masked, and where the full URIs are.
QJsonObject maskedInfo(const SandboxInfo& info) {
    QJsonObject out = info.toJson();
    for (const char* s : {"redis", "zookeeper", "postgres", "postgres_admin"})
        out.insert(QLatin1String(s), masked(out.value(QLatin1String(s)).toString()));
    if (out.contains(QStringLiteral("proxied"))) {
        QJsonObject proxied = out.value(QStringLiteral("proxied")).toObject();
        for (auto it = proxied.begin(); it != proxied.end(); ++it)
            it.value() = masked(it.value().toString());
        out.insert(QStringLiteral("proxied"), proxied);
    }
    if (!info.users.isEmpty()) {
        QJsonObject users;
        for (const SandboxUser& u : info.users)
            users.insert(accessRoleName(u.role), u.toMaskedJson());
        out.insert(QStringLiteral("users"), users);
    }
    out.insert(QStringLiteral("stack_file"), SandboxInfo::stackFile(info.dir));
    return out;
}

/// Sandbox::status() with every URI masked.
QJsonObject maskedStatus(QJsonObject st) {
    for (const char* s : {"redis", "zookeeper", "postgres"}) {
        QJsonObject e = st.value(QLatin1String(s)).toObject();
        if (e.contains(QStringLiteral("uri")))
            e.insert(QStringLiteral("uri"), masked(e.value(QStringLiteral("uri")).toString()));
        st.insert(QLatin1String(s), e);
    }
    QJsonObject proxied = st.value(QStringLiteral("proxied")).toObject();
    for (auto it = proxied.begin(); it != proxied.end(); ++it)
        it.value() = masked(it.value().toString());
    st.insert(QStringLiteral("proxied"), proxied);
    return st;
}

/// One line per process of an ha sandbox: role, index, port, pid, alive, answering, and what
/// it is now (ZooKeeper's mode, a Sentinel data node's replication role).
void printProcesses(const QJsonArray& processes) {
    for (const QJsonValue& v : processes) {
        const QJsonObject p = v.toObject();
        QString now = p.value(QStringLiteral("mode")).toString();
        if (now.isEmpty())
            now = p.value(QStringLiteral("replication_role")).toString();
        if (p.contains(QStringLiteral("target"))) { // a proxy: what it fronts, its fault mode
            const QJsonObject t = p.value(QStringLiteral("target")).toObject();
            now = QStringLiteral("-> %1 %2 (port %3)  %4")
                      .arg(t.value(QStringLiteral("role")).toString())
                      .arg(t.value(QStringLiteral("index")).toInt())
                      .arg(t.value(QStringLiteral("port")).toInt())
                      .arg(p.value(QStringLiteral("fault_mode")).toString());
        }
        printLine(QStringLiteral("%1 %2  port %3  pid %4  %5  %6  %7")
                      .arg(p.value(QStringLiteral("role")).toString(), -19)
                      .arg(p.value(QStringLiteral("index")).toInt())
                      .arg(p.value(QStringLiteral("port")).toInt(), -5)
                      .arg(p.value(QStringLiteral("pid")).toInteger(), -8)
                      .arg(p.value(QStringLiteral("alive")).toBool() ? QStringLiteral("alive")
                                                                     : QStringLiteral("dead"),
                           -6)
                      .arg(p.value(QStringLiteral("answering")).toBool()
                               ? QStringLiteral("answering")
                               : QStringLiteral("not answering"),
                           -14)
                      .arg(now)
                      .trimmed());
    }
}

/// `sandbox fault`: switches the proxies in front of one server (all its members, or --index).
int fault(const QCommandLineParser& parser, const QString& dir) {
    const QString serverName = parser.value(QStringLiteral("server"));
    using Role = SandboxProcess::Role;
    std::optional<Role> server;
    if (serverName == u"redis" || serverName == u"zookeeper" || serverName == u"postgres")
        server = SandboxProcess::roleFromName(serverName);
    if (!server) {
        printError(QStringLiteral("sandbox fault: --server must be redis, zookeeper or postgres "
                                  "(got '%1')")
                       .arg(serverName));
        return BadArguments;
    }
    const QString modeName = parser.value(QStringLiteral("mode"));
    const auto mode = ProxyControl::modeFromName(modeName);
    if (!mode) {
        printError(QStringLiteral("sandbox fault: --mode must be pass, blackhole, drop or delay "
                                  "(got '%1')")
                       .arg(modeName));
        return BadArguments;
    }
    ProxyControl::Request request;
    request.op = ProxyControl::Request::Op::Set;
    request.mode = *mode;
    int delayMs = 0, forMs = 0, index = 0;
    constexpr int kMaxMs = 24 * 3600 * 1000;
    if (!intOption(parser, QStringLiteral("delay-ms"), 0, kMaxMs, &delayMs) ||
        !intOption(parser, QStringLiteral("for-ms"), 1, kMaxMs, &forMs) ||
        !intOption(parser, QStringLiteral("index"), 0, 99, &index))
        return BadArguments;
    if ((*mode == ProxyControl::Mode::Delay) != parser.isSet(QStringLiteral("delay-ms"))) {
        printError(QStringLiteral("sandbox fault: --delay-ms goes with --mode delay, and only "
                                  "with it"));
        return BadArguments;
    }
    request.delay = std::chrono::milliseconds(delayMs);
    if (parser.isSet(QStringLiteral("for-ms")))
        request.restoreAfter = std::chrono::milliseconds(forMs);
    QList<SandboxProcess> proxies;
    try {
        proxies = SandboxProxies::of(SandboxInfo::load(dir), *server,
                                     parser.isSet(QStringLiteral("index")) ? std::optional(index)
                                                                           : std::nullopt);
    } catch (...) {
        return failureExitCode();
    }
    const bool json = parser.isSet(QStringLiteral("json"));
    QJsonArray results;
    int rc = Ok;
    for (const SandboxProcess& p : proxies) {
        const QString name = QStringLiteral("proxy %1 %2").arg(serverName).arg(p.targetIndex);
        try {
            const ProxyControl::Reply reply = SandboxProxies::ask(p, request);
            auto describe = [](const ProxyControl::State& s) {
                return s.mode == ProxyControl::Mode::Delay
                           ? QStringLiteral("delay %1 ms").arg(s.delay.count())
                           : FaultProxy::modeName(s.mode);
            };
            results.append(QJsonObject{
                {QStringLiteral("index"), p.targetIndex},
                {QStringLiteral("pid"), p.pid},
                {QStringLiteral("port"), p.port},
                {QStringLiteral("target_port"), p.targetPort},
                {QStringLiteral("old_mode"), FaultProxy::modeName(reply.before.mode)},
                {QStringLiteral("old_delay_ms"), qint64(reply.before.delay.count())},
                {QStringLiteral("new_mode"), FaultProxy::modeName(reply.after.mode)},
                {QStringLiteral("new_delay_ms"), qint64(reply.after.delay.count())},
                {QStringLiteral("restore_in_ms"),
                 reply.after.restoreIn ? QJsonValue(qint64(reply.after.restoreIn->count()))
                                       : QJsonValue()},
                {QStringLiteral("after"), ProxyControl::stateToJson(reply.after)},
            });
            if (!json)
                printLine(QStringLiteral("%1 (127.0.0.1:%2 -> 127.0.0.1:%3): %4 -> %5%6")
                              .arg(name)
                              .arg(p.port)
                              .arg(p.targetPort)
                              .arg(describe(reply.before), describe(reply.after),
                                   reply.after.restoreIn ? QStringLiteral(", pass again in %1 ms")
                                                               .arg(reply.after.restoreIn->count())
                                                         : QString()));
        } catch (const ProxyControlError& e) {
            printError(QStringLiteral("%1: %2").arg(name, e.message()));
            results.append(QJsonObject{{QStringLiteral("index"), p.targetIndex},
                                       {QStringLiteral("pid"), p.pid},
                                       {QStringLiteral("port"), p.port},
                                       {QStringLiteral("error"), e.message()}});
            rc = InfraError;
        }
    }
    if (json)
        printJson(QJsonObject{{QStringLiteral("server"), serverName},
                              {QStringLiteral("mode"), modeName},
                              {QStringLiteral("proxies"), results}});
    return rc;
}

/// `sandbox restart --dir D --role ROLE [--index I]`: one member started again (stopped first
/// when it runs), e.g. what a fault run killed mid-fault left dead. Throws SandboxError.
int restartMember(const QCommandLineParser& parser, const QString& dir) {
    const QString roleName = parser.value(QStringLiteral("role"));
    const auto role = SandboxProcess::roleFromName(roleName);
    if (!role) {
        printError(QStringLiteral("sandbox restart: --role must be one of redis, redis-cluster, "
                                  "redis-sentinel-data, sentinel, redlock, zookeeper, postgres "
                                  "(got '%1')")
                       .arg(roleName));
        return BadArguments;
    }
    int index = 0;
    if (!intOption(parser, QStringLiteral("index"), 0, 99, &index))
        return BadArguments;
    SandboxInfo info = SandboxInfo::load(dir);
    const SandboxProcess* before = info.process(*role, index);
    if (!before) {
        printError(QStringLiteral("sandbox restart: the sandbox in %1 records no %2 %3")
                       .arg(dir, roleName)
                       .arg(index));
        return BadArguments;
    }
    const qint64 oldPid = before->pid;
    const qint64 pid = Sandbox::restartProcess(info, *role, index);
    printJson(QJsonObject{{QStringLiteral("role"), roleName},
                          {QStringLiteral("index"), index},
                          {QStringLiteral("port"), info.process(*role, index)->port},
                          {QStringLiteral("old_pid"), oldPid},
                          {QStringLiteral("pid"), pid}});
    return Ok;
}

} // namespace

int SandboxCommand::run(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Start, stop or inspect a sandbox of real servers on loopback."));
    parser.addPositionalArgument(QStringLiteral("action"),
                                 QStringLiteral("up, down, status, fault or restart"));
    parser.addOption(
        {QStringLiteral("dir"), QStringLiteral("Sandbox directory."), QStringLiteral("dir")});
    parser.addOption(
        {QStringLiteral("detach"), QStringLiteral("up: return once the servers answer.")});
    parser.addOption({QStringLiteral("replace"),
                      QStringLiteral("up: stop a sandbox already running in the directory.")});
    parser.addOption(
        {QStringLiteral("topology"),
         QStringLiteral("up: single (one server of each kind, the default) or ha (a Redis "
                        "Cluster, a Sentinel set, 3 Redlock servers, a ZooKeeper "
                        "ensemble, PostgreSQL)."),
         QStringLiteral("single|ha"), QStringLiteral("single")});
    parser.addOption({QStringLiteral("proxies"),
                      QStringLiteral("up: a fault proxy in front of each server (stack.json's "
                                     "`proxied` URIs), switched by 'sandbox fault'.")});
    parser.addOption({QStringLiteral("users"),
                      QStringLiteral("up: least-privilege users (monitor, release, demo) on every "
                                     "server, with random passwords; their URIs in stack.json's "
                                     "`users` (docs/PERMISSIONS.md).")});
    parser.addOption(
        {QStringLiteral("secure"),
         QStringLiteral("up: servers that speak TLS only, with a throwaway CA and client "
                        "certificate (in <dir>/tls), and an sshd on a loopback port as a tunnel "
                        "host; stack.json's URIs are the secured ones, its `ssh` the tunnel. "
                        "Implies --users.")});
    parser.addOption({QStringLiteral("server"),
                      QStringLiteral("fault: the server whose proxies to switch."),
                      QStringLiteral("redis|zookeeper|postgres")});
    parser.addOption({QStringLiteral("index"),
                      QStringLiteral("fault: only the proxy of that member (ha: an ensemble "
                                     "member, 0-2; default every proxy of the server); restart: "
                                     "which member of the role (default 0)."),
                      QStringLiteral("n")});
    parser.addOption({QStringLiteral("mode"), QStringLiteral("fault: the proxies' new mode."),
                      QStringLiteral("pass|blackhole|drop|delay")});
    parser.addOption({QStringLiteral("delay-ms"),
                      QStringLiteral("fault: with --mode delay, each chunk's delay, each way."),
                      QStringLiteral("ms")});
    parser.addOption({QStringLiteral("for-ms"),
                      QStringLiteral("fault: the proxy itself switches back to pass this much "
                                     "later."),
                      QStringLiteral("ms")});
    parser.addOption({QStringLiteral("role"),
                      QStringLiteral("restart: the member's role as stack.json names it (redis, "
                                     "redis-cluster, redis-sentinel-data, sentinel, redlock, "
                                     "zookeeper, postgres)."),
                      QStringLiteral("role")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    if (int rc = 0; !parseArgs(parser, args, &rc))
        return rc;
    const QStringList pos = parser.positionalArguments();
    const QString action = pos.value(0);
    if (pos.size() != 1 || !(action == u"up" || action == u"down" || action == u"status" ||
                             action == u"fault" || action == u"restart")) {
        printError(
            QStringLiteral(
                "sandbox: expected one action: up, down, status, fault or restart (got '%1')")
                .arg(pos.join(u' ')));
        return BadArguments;
    }
    if (action != u"restart" && parser.isSet(QStringLiteral("role"))) {
        printError(QStringLiteral("sandbox %1: --role is for restart only").arg(action));
        return BadArguments;
    }
    const QString dir = parser.value(QStringLiteral("dir"));
    if (dir.isEmpty()) {
        printError(QStringLiteral("sandbox %1: --dir is required").arg(action));
        return BadArguments;
    }
    const QString topologyName = parser.value(QStringLiteral("topology"));
    const auto topology = SandboxInfo::topologyFromName(topologyName);
    if (!topology) {
        printError(QStringLiteral("sandbox %1: --topology must be single or ha (got '%2')")
                       .arg(action, topologyName));
        return BadArguments;
    }
    for (const char* upOnly : {"topology", "proxies", "users", "secure"})
        if (parser.isSet(QLatin1String(upOnly)) && action != u"up") {
            printError(QStringLiteral("sandbox %1: --%2 is for up only")
                           .arg(action, QLatin1String(upOnly)));
            return BadArguments;
        }
    for (const char* faultOnly : {"server", "index", "mode", "delay-ms", "for-ms"})
        if (parser.isSet(QLatin1String(faultOnly)) && action != u"fault" &&
            !(action == u"restart" && QLatin1String(faultOnly) == u"index")) {
            printError(QStringLiteral("sandbox %1: --%2 is for fault only")
                           .arg(action, QLatin1String(faultOnly)));
            return BadArguments;
        }
    if (action == u"fault")
        return fault(parser, dir);
    try {
        if (action == u"up") {
            Sandbox::Options options;
            options.dir = dir;
            options.topology = *topology;
            options.replace = parser.isSet(QStringLiteral("replace"));
            options.proxies = parser.isSet(QStringLiteral("proxies"));
            options.users = parser.isSet(QStringLiteral("users"));
            options.proxyProgram = QCoreApplication::applicationFilePath();
            options.secure = parser.isSet(QStringLiteral("secure"));
            options.users = options.users || options.secure; // production-like: least privilege too
            if (options.secure && (options.proxies || *topology != SandboxInfo::Topology::Single)) {
                printError(QStringLiteral("sandbox up: --secure starts the single topology, "
                                          "without --proxies"));
                return BadArguments;
            }
            const SandboxInfo info = Sandbox::up(options);
            printJson(maskedInfo(info));
            if (parser.isSet(QStringLiteral("detach")))
                return Ok;
            std::fputs("sandbox running; Ctrl+C stops it\n", stderr);
            waitForSignalOrDown(info);
            if (QFileInfo::exists(SandboxInfo::stackFile(info.dir)))
                Sandbox::down(info.dir);
            return Ok;
        }
        if (action == u"down")
            return Sandbox::down(dir) ? Ok : InfraError;
        if (action == u"restart")
            return restartMember(parser, dir);
        const QJsonObject st = maskedStatus(Sandbox::status(dir));
        if (parser.isSet(QStringLiteral("json"))) {
            printJson(st);
        } else {
            for (const char* s : {"redis", "zookeeper", "postgres"}) {
                const QJsonObject e = st.value(QLatin1String(s)).toObject();
                printLine(QStringLiteral("%1  pid %2  %3  %4  %5")
                              .arg(QLatin1String(s), -10)
                              .arg(e.value(QStringLiteral("pid")).toInteger(), -8)
                              .arg(e.value(QStringLiteral("alive")).toBool()
                                       ? QStringLiteral("alive")
                                       : QStringLiteral("dead"),
                                   -6)
                              .arg(e.value(QStringLiteral("answering")).toBool()
                                       ? QStringLiteral("answering")
                                       : QStringLiteral("not answering"),
                                   -14)
                              .arg(e.value(QStringLiteral("uri")).toString()));
            }
            // ha: every member; single: the servers beside the three above (Redlock's, the
            // proxies when there are).
            const bool ha = st.value(QStringLiteral("topology")).toString() == u"ha";
            QJsonArray members;
            for (const QJsonValue& p : st.value(QStringLiteral("processes")).toArray()) {
                const QString role = p.toObject().value(QStringLiteral("role")).toString();
                if (ha || !(role == u"redis" || role == u"zookeeper" || role == u"postgres"))
                    members.append(p);
            }
            if (!members.isEmpty())
                printProcesses(members);
            const QJsonObject proxied = st.value(QStringLiteral("proxied")).toObject();
            for (auto it = proxied.begin(); it != proxied.end(); ++it)
                printLine(
                    QStringLiteral("proxied %1  %2").arg(it.key(), -10).arg(it.value().toString()));
            // --users: each role's identity (the passwords are in stack.json only).
            const QJsonObject users = st.value(QStringLiteral("users")).toObject();
            for (auto it = users.begin(); it != users.end(); ++it) {
                const QJsonObject u = it.value().toObject();
                printLine(QStringLiteral("user %1  %2  %3  %4  %5")
                              .arg(it.key(), -8)
                              .arg(u.value(QStringLiteral("name")).toString(), -18)
                              .arg(u.value(QStringLiteral("redis")).toString(),
                                   u.value(QStringLiteral("zookeeper")).toString(),
                                   u.value(QStringLiteral("postgres")).toString()));
            }
        }
        return st.value(QStringLiteral("running")).toBool() ? Ok : InfraError;
    } catch (const SandboxError& e) {
        printError(e);
        return InfraError;
    }
}

} // namespace lockscope::cli
