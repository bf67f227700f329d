#pragma once

#include "core/locks/lockstrategy.h"

#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

namespace lockscope {

class ZkSession;

/// ZooKeeper lock recipe, compatible in layout with Curator's InterProcessMutex:
///   lock root   <zkLockRoot>/<resource, '/' escaped as %2F>
///   contender   <root>/_c_<32-hex guid>-lock-<10-digit sequence>  (EPHEMERAL_SEQUENTIAL)
///   node data   the owner id
/// The lowest sequence holds the lock; every other contender watches only its predecessor
/// (no herd). The guid in the name lets a create retried after a connection loss find its own
/// node ("protected" mode). The fencing token is the node's czxid (grows across the whole
/// ensemble, survives re-creating the root). Session expiry = lock lost: held handles are marked.
class ZooKeeperLock : public LockStrategy {
public:
    /// How long release() retries a delete whose connection was lost (the session moving to
    /// another member): within the session timeout.
    static constexpr std::chrono::milliseconds kReleaseRetryFor{10000};
    explicit ZooKeeperLock(const NamespaceConfig& config);
    ~ZooKeeperLock() override;

    std::string name() const override { return "zookeeper"; }
    std::optional<LockHandle> acquire(const std::string& resource,
                                      const LockOptions& options) override;
    bool renew(LockHandle& handle) override;
    ReleaseResult release(LockHandle& handle) override;

    std::string lockRoot(const std::string& resource) const;
    ZkSession& session() { return *m_session; }
    /// The 10-digit sequence at the end of a sequential node's name, or -1.
    static long long sequenceOf(const std::string& nodeName);

    struct WakeUp;

private:
    std::string createProtected(const std::string& root, const std::string& guid,
                                const std::string& owner, int64_t* czxid);
    void onSessionState(int state);
    /// A new session when the last one expired or was closed (before an acquire).
    void renewSessionIfGone();
    /// Creates the lock root once per resource (this object remembers the roots it made).
    void ensureRoot(const std::string& root);
    /// Remembers a held lock, so that a lost session marks it lost.
    void trackHeld(const LockHandle& handle);
    enum class Wait { PredecessorGone, Woken, DeadlinePassed };
    /// Watches the predecessor and sleeps until its watch fires, the session is lost (throws
    /// ConnectorError) or the deadline passes.
    Wait waitForPredecessor(const std::string& predecessor, const std::string& root,
                            std::chrono::steady_clock::time_point deadline);
    /// Sleeps on wake, which a lost session fires too; false when the deadline passed first, or
    /// the thread's CallInterrupt token was stopped.
    bool sleepUntilWoken(const std::shared_ptr<WakeUp>& wake,
                         std::chrono::steady_clock::time_point deadline);

    NamespaceConfig m_config;
    std::unique_ptr<ZkSession> m_session;
    std::set<std::string> m_knownRoots;
    std::mutex m_heldMutex;
    std::vector<std::weak_ptr<LockHandle::State>> m_held;
    std::set<std::string> m_heldPaths; ///< nodes this session created and still holds
    std::shared_ptr<WakeUp> m_waiting; ///< the wait in progress, woken on session loss too
};

} // namespace lockscope
