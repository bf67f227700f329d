#pragma once

#include "core/namespaceconfig.h"
#include "core/sandbox/sandboxinfo.h"

#include <QString>
#include <QStringList>
#include <chrono>
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>

namespace lockscope {

/// An ha sandbox's ZooKeeper ensemble, for the faults that act on it (`--fault leader-kill`,
/// `--fault server-restart` on the ha topology): each member's mode (`srvr`), the member a
/// session is connected to (`cons`), its connections (`mntr`); a member SIGKILLed, or restarted
/// (Sandbox::restartProcess) and waited for until it serves again. Only the sandbox's own
/// members are touched (the pids in stack.json). Every question to a member has a deadline
/// (kAskTimeout); a member that does not answer is Down.
class ZkEnsemble {
public:
    /// Down: no answer; NotServing: up but not in a quorum (electing, syncing).
    enum class Mode { Down, NotServing, Leader, Follower, Other };
    static constexpr std::chrono::milliseconds kAskTimeout{500};

    /// Throws SandboxError when the sandbox has no ensemble (single topology).
    explicit ZkEnsemble(SandboxInfo info);

    static QString modeName(Mode mode);
    /// "127.0.0.1:port".
    static QString address(const SandboxProcess& member);
    QList<SandboxProcess> members() const;
    const SandboxInfo& info() const { return m_info; }

    /// Whether uri names exactly the ensemble's members (by port, all on loopback).
    bool isUri(const ZooKeeperUri& uri) const;
    Mode modeOf(const SandboxProcess& member) const;
    /// The member serving as leader now.
    std::optional<SandboxProcess> leader() const;
    /// Waits until a member other than the one on exceptPort serves as leader; nullopt when the
    /// deadline passed first or stop was requested.
    std::optional<SandboxProcess> waitForLeader(int exceptPort,
                                                std::chrono::steady_clock::time_point deadline,
                                                std::stop_token stop = {}) const;
    /// The member whose `cons` lists the session; nullopt when none does now.
    std::optional<SandboxProcess> memberWithSession(int64_t sessionId) const;
    /// Waits until a member lists the session (a session that lost its member reconnects to
    /// another); nullopt at the deadline or on stop.
    std::optional<SandboxProcess> waitForSession(int64_t sessionId,
                                                 std::chrono::steady_clock::time_point deadline,
                                                 std::stop_token stop = {}) const;
    /// `zk_num_alive_connections` of `mntr`; -1 when the member does not say.
    int connections(const SandboxProcess& member) const;

    /// Before a fault strikes: restores a member left dead or stopped (SandboxRepair), then
    /// waits until every member serves (leader or follower, one leader). Returns what was
    /// restored (empty: nothing). Throws SandboxError naming a member that does not serve by
    /// the deadline (or when stop was requested).
    QStringList makeWhole(std::chrono::milliseconds timeout, std::stop_token stop = {});
    /// SIGKILL (throws SandboxError when the signal cannot be sent).
    void kill(const SandboxProcess& member);
    /// Starts member index again (stopped first if running) and waits until it serves as
    /// follower or leader; returns that mode. Throws SandboxError (also at the timeout).
    Mode restart(int index, std::chrono::milliseconds timeout);

    /// The session that owns the lock node of resource created with czxid token (the holder
    /// of a `zookeeper` lock: its token is the node's czxid); nullopt when no node of the
    /// resource has that czxid any more. Throws ConnectorError when the ensemble does not answer.
    static std::optional<int64_t> lockOwnerSession(const NamespaceConfig& config,
                                                   const std::string& resource, int64_t token);

private:
    SandboxInfo m_info;
};

} // namespace lockscope
