#include "core/fault/zkensemble.h"

#include "connectors/connectorerror.h"
#include "connectors/zkfourletter.h"
#include "connectors/zksession.h"
#include "core/backends/zookeeper/zookeeperlock.h"
#include "core/fault/sandboxrepair.h"
#include "core/interruptiblewait.h"
#include "core/logging.h"
#include "core/sandbox/sandbox.h"
#include "core/sandbox/sandboxerror.h"

#include <csignal>
#include <cstdlib>
#include <set>
#include <thread>

namespace lockscope {

using namespace std::chrono;

namespace {

/// Between two questions to the members while waiting for a state of theirs: polling servers,
/// not synchronising threads.
constexpr milliseconds kPollEvery{50};

std::optional<std::string> ask(const SandboxProcess& m, const char* word) {
    try {
        return ZkFourLetter::ask("127.0.0.1", m.port, word, ZkEnsemble::kAskTimeout);
    } catch (const ConnectorError&) {
        return std::nullopt;
    }
}

} // namespace

ZkEnsemble::ZkEnsemble(SandboxInfo info)
    : m_info(std::move(info)) {
    if (m_info.topology != SandboxInfo::Topology::Ha ||
        m_info.processesOf(SandboxProcess::Role::ZooKeeper).size() < 3)
        throw SandboxError({}, QStringLiteral("the sandbox in %1 has no ZooKeeper ensemble (start "
                                              "one with `sandbox up --topology ha`)")
                                   .arg(m_info.dir));
}

QString ZkEnsemble::modeName(Mode mode) {
    switch (mode) {
    case Mode::Down:
        return QStringLiteral("down");
    case Mode::NotServing:
        return QStringLiteral("not-serving");
    case Mode::Leader:
        return QStringLiteral("leader");
    case Mode::Follower:
        return QStringLiteral("follower");
    case Mode::Other:
        return QStringLiteral("other");
    }
    return {};
}

QString ZkEnsemble::address(const SandboxProcess& member) {
    return QStringLiteral("127.0.0.1:%1").arg(member.port);
}

QList<SandboxProcess> ZkEnsemble::members() const {
    return m_info.processesOf(SandboxProcess::Role::ZooKeeper);
}

bool ZkEnsemble::isUri(const ZooKeeperUri& uri) const {
    std::set<int> members, named;
    for (const SandboxProcess& m : this->members())
        members.insert(m.port);
    for (const HostPort& h : uri.hosts)
        named.insert(h.port);
    return members == named;
}

ZkEnsemble::Mode ZkEnsemble::modeOf(const SandboxProcess& member) const {
    const auto srvr = ask(member, "srvr");
    if (!srvr)
        return Mode::Down;
    if (srvr->find("Mode: leader") != std::string::npos)
        return Mode::Leader;
    if (srvr->find("Mode: follower") != std::string::npos)
        return Mode::Follower;
    if (srvr->find("Mode: ") != std::string::npos)
        return Mode::Other;
    return Mode::NotServing; // "This ZooKeeper instance is not currently serving requests"
}

std::optional<SandboxProcess> ZkEnsemble::leader() const {
    for (const SandboxProcess& m : members())
        if (modeOf(m) == Mode::Leader)
            return m;
    return std::nullopt;
}

std::optional<SandboxProcess> ZkEnsemble::waitForLeader(int exceptPort,
                                                        steady_clock::time_point deadline,
                                                        std::stop_token stop) const {
    while (!stop.stop_requested()) {
        for (const SandboxProcess& m : members())
            if (m.port != exceptPort && modeOf(m) == Mode::Leader)
                return m;
        if (steady_clock::now() >= deadline || !waitUnlessStopped(stop, kPollEvery))
            break;
    }
    return std::nullopt;
}

std::optional<SandboxProcess> ZkEnsemble::memberWithSession(int64_t sessionId) const {
    // `cons` prints each connection's session as Long.toHexString: lower case, no padding.
    const std::string sid = "sid=0x" + QString::number(quint64(sessionId), 16).toStdString();
    for (const SandboxProcess& m : members()) {
        const auto cons = ask(m, "cons");
        if (!cons)
            continue;
        for (size_t at = cons->find(sid); at != std::string::npos; at = cons->find(sid, at + 1)) {
            const char next = at + sid.size() < cons->size() ? (*cons)[at + sid.size()] : ',';
            if (next == ',' || next == ')')
                return m;
        }
    }
    return std::nullopt;
}

std::optional<SandboxProcess> ZkEnsemble::waitForSession(int64_t sessionId,
                                                         steady_clock::time_point deadline,
                                                         std::stop_token stop) const {
    while (!stop.stop_requested()) {
        if (auto m = memberWithSession(sessionId))
            return m;
        if (steady_clock::now() >= deadline || !waitUnlessStopped(stop, kPollEvery))
            break;
    }
    return std::nullopt;
}

int ZkEnsemble::connections(const SandboxProcess& member) const {
    const auto mntr = ask(member, "mntr");
    const std::string key = "zk_num_alive_connections\t";
    if (!mntr)
        return -1;
    const size_t at = mntr->find(key);
    if (at == std::string::npos)
        return -1;
    return std::atoi(mntr->c_str() + at + key.size());
}

QStringList ZkEnsemble::makeWhole(milliseconds timeout, std::stop_token stop) {
    const auto deadline = steady_clock::now() + timeout;
    QStringList restored;
    for (const SandboxProcess& m : members()) {
        const QString done =
            SandboxRepair::restore(m_info, SandboxProcess::Role::ZooKeeper, m.index, timeout);
        if (!done.isEmpty())
            restored << done;
    }
    while (true) {
        QStringList notServing;
        int leaders = 0;
        for (const SandboxProcess& m : members()) {
            const Mode mode = modeOf(m);
            leaders += mode == Mode::Leader ? 1 : 0;
            if (mode != Mode::Leader && mode != Mode::Follower)
                notServing << QStringLiteral("member %1 (%2) is %3")
                                  .arg(m.index)
                                  .arg(address(m), modeName(mode));
        }
        if (notServing.isEmpty() && leaders == 1)
            return restored;
        if (steady_clock::now() >= deadline || !waitUnlessStopped(stop, kPollEvery))
            throw SandboxError(
                {}, QStringLiteral("the ensemble is not whole: %1")
                        .arg(notServing.isEmpty()
                                 ? QStringLiteral("%1 members say they lead").arg(leaders)
                                 : notServing.join(QStringLiteral(", "))));
    }
}

void ZkEnsemble::kill(const SandboxProcess& member) {
    if (member.pid <= 0 || ::kill(pid_t(member.pid), SIGKILL) != 0)
        throw SandboxError({}, QStringLiteral("cannot kill ZooKeeper member %1 (pid %2)")
                                   .arg(address(member))
                                   .arg(member.pid));
    qCInfo(lcDemo) << "killed ZooKeeper member" << address(member) << "pid" << member.pid;
}

ZkEnsemble::Mode ZkEnsemble::restart(int index, milliseconds timeout) {
    const auto deadline = steady_clock::now() + timeout;
    Sandbox::restartProcess(m_info, SandboxProcess::Role::ZooKeeper, index, timeout);
    const SandboxProcess* m = m_info.process(SandboxProcess::Role::ZooKeeper, index);
    if (!m)
        throw SandboxError({}, QStringLiteral("ZooKeeper member %1 is not recorded").arg(index));
    // It answers before it has joined: wait until it serves in a quorum.
    while (true) {
        const Mode mode = modeOf(*m);
        if (mode == Mode::Follower || mode == Mode::Leader)
            return mode;
        if (steady_clock::now() >= deadline)
            throw SandboxError({}, QStringLiteral("ZooKeeper member %1 did not rejoin the "
                                                  "ensemble within %2 ms (mode: %3)")
                                       .arg(address(*m))
                                       .arg(timeout.count())
                                       .arg(modeName(mode)));
        std::this_thread::sleep_for(kPollEvery); // polling the server's state
    }
}

std::optional<int64_t> ZkEnsemble::lockOwnerSession(const NamespaceConfig& config,
                                                    const std::string& resource, int64_t token) {
    ZooKeeperLock lock(config); // its layout (lockRoot) and a session of its own
    const std::string root = lock.lockRoot(resource);
    std::vector<std::string> children;
    try {
        children = lock.session().children(root);
    } catch (const ConnectorError& e) {
        if (e.kind() == ConnectorError::Kind::NotFound)
            return std::nullopt;
        throw;
    }
    for (const std::string& c : children) {
        const auto stat = lock.session().exists(root + "/" + c);
        if (stat && stat->czxid == token)
            return stat->ephemeralOwner;
    }
    return std::nullopt;
}

} // namespace lockscope
