#include "cli/sandboxcommand.h"

#include "cli/cliutil.h"
#include "core/sandbox/sandbox.h"
#include "core/sandbox/sandboxerror.h"

#include <QCommandLineParser>
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
                                 QStringLiteral("up, down, status or restart"));
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
    parser.addOption({QStringLiteral("role"),
                      QStringLiteral("restart: the member's role as stack.json names it (redis, "
                                     "redis-cluster, redis-sentinel-data, sentinel, redlock, "
                                     "zookeeper, postgres)."),
                      QStringLiteral("role")});
    parser.addOption({QStringLiteral("index"),
                      QStringLiteral("restart: which member of the role (default 0)."),
                      QStringLiteral("I"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    if (int rc = 0; !parseArgs(parser, args, &rc))
        return rc;
    const QStringList pos = parser.positionalArguments();
    const QString action = pos.value(0);
    if (pos.size() != 1 ||
        !(action == u"up" || action == u"down" || action == u"status" || action == u"restart")) {
        printError(
            QStringLiteral("sandbox: expected one action: up, down, status or restart (got '%1')")
                .arg(pos.join(u' ')));
        return BadArguments;
    }
    if (action != u"restart" &&
        (parser.isSet(QStringLiteral("role")) || parser.isSet(QStringLiteral("index")))) {
        printError(
            QStringLiteral("sandbox %1: --role and --index are for restart only").arg(action));
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
    if (parser.isSet(QStringLiteral("topology")) && action != u"up") {
        printError(QStringLiteral("sandbox %1: --topology is for up only").arg(action));
        return BadArguments;
    }
    try {
        if (action == u"up") {
            Sandbox::Options options;
            options.dir = dir;
            options.topology = *topology;
            options.replace = parser.isSet(QStringLiteral("replace"));
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
            // ha: every member; single: the servers beside the three above (Redlock's).
            const bool ha = st.value(QStringLiteral("topology")).toString() == u"ha";
            QJsonArray members;
            for (const QJsonValue& p : st.value(QStringLiteral("processes")).toArray()) {
                const QString role = p.toObject().value(QStringLiteral("role")).toString();
                if (ha || !(role == u"redis" || role == u"zookeeper" || role == u"postgres"))
                    members.append(p);
            }
            if (!members.isEmpty())
                printProcesses(members);
        }
        return st.value(QStringLiteral("running")).toBool() ? Ok : InfraError;
    } catch (const SandboxError& e) {
        printError(e);
        return InfraError;
    }
}

} // namespace lockscope::cli
