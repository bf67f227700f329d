#pragma once

#include "connectors/zkaclentry.h"
#include "connectors/zkstat.h"
#include "connectors/zookeeperuri.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

typedef struct _zhandle zhandle_t;

namespace lockscope {

class RelayListener;

/// A ZooKeeper session (zookeeper_mt). Built on the asynchronous C API so that every operation
/// has its own deadline; the synchronous C calls cannot be given one.
///
/// Threading: the C client runs its own I/O and completion threads. State and watch listeners
/// are called on the completion thread; they must not block and must hand work to their own
/// thread (the Qt layer uses QMetaObject::invokeMethod with a queued connection).
class ZkSession {
public:
    enum class State { Connecting, Connected, Expired, AuthFailed, Closed };
    enum class CreateMode { Persistent, Ephemeral, PersistentSequential, EphemeralSequential };
    enum class Acl { Open, CreatorAll };
    using StateListener = std::function<void(State)>;
    using WatchListener = std::function<void(const ZkEvent&)>;

    /// A session's id and password: enough to resume (or, by closing, to end) it elsewhere.
    struct Credentials {
        int64_t id = 0;
        std::string password;
    };

    struct Options {
        std::chrono::milliseconds sessionTimeout{10000};
        std::chrono::milliseconds connectTimeout{5000};
        std::chrono::milliseconds operationTimeout{5000};
        std::optional<Credentials> resume; ///< attach to this existing session
    };

    /// How long the C client waits on one member before it tries the next: 2/3 of the
    /// session timeout (it connects and waits for the handshake under its receive timeout).
    static std::chrono::milliseconds memberWait(std::chrono::milliseconds sessionTimeout);
    /// How long the constructor waits for a session: connectTimeout for one member; with an
    /// ensemble, memberWait() more, so that one silent member tried first still leaves time to
    /// reach a live one.
    static std::chrono::milliseconds connectDeadline(const Options& options, qsizetype members);

    /// How long a member is given to answer "ruok" before a session on an ensemble.
    static constexpr std::chrono::milliseconds kProbeTimeout{300};

    /// Starts the session and waits until it is connected (or throws ConnectorError). The
    /// members are tried in a random order, those that recently did not answer a session of
    /// this process last (EndpointMemory). With an ensemble and no member remembered as failed,
    /// every member is first asked "ruok" at once (kProbeTimeout): one that says nothing is
    /// tried last, so a frozen member costs that probe, not 2/3 of the session timeout.
    ZkSession(ZooKeeperUri uri, Options options);
    explicit ZkSession(ZooKeeperUri uri)
        : ZkSession(std::move(uri), Options{}) {}
    ~ZkSession();
    ZkSession(const ZkSession&) = delete;
    ZkSession& operator=(const ZkSession&) = delete;

    State state() const { return m_state.load(); }
    static const char* stateName(State state);
    int64_t sessionId() const;
    /// The port of the ensemble member the session is connected to now; 0 when not connected.
    int connectedPort() const;
    Credentials credentials() const;
    std::chrono::milliseconds negotiatedTimeout() const;
    /// Called on the C client's thread with every state change.
    void setStateListener(StateListener listener);

    /// Returns the created path (with the sequence suffix for sequential modes). A session that
    /// authenticated (the URI has a user) gives a node created with Acl::Open its parent's ACL
    /// instead (read once per parent and kept): what an administrator granted on a lock root
    /// holds for every node LockScope creates below it (docs/PERMISSIONS.md).
    std::string create(const std::string& path, const std::string& data, CreateMode mode,
                       ZkStat* stat = nullptr, Acl acl = Acl::Open);
    /// nullopt when the node does not exist; with a listener, leaves a one-shot data watch.
    std::optional<ZkNode> get(const std::string& path, WatchListener watch = {});
    /// Conditional on version (-1: any). Throws BadVersion / NotFound.
    ZkStat set(const std::string& path, const std::string& data, int version = -1);
    /// Conditional on version (-1: any). Throws BadVersion / NotFound.
    void remove(const std::string& path, int version = -1);
    /// nullopt when the node does not exist; the watch fires on create, delete or change.
    std::optional<ZkStat> exists(const std::string& path, WatchListener watch = {});
    /// Children names (not full paths). Throws NotFound.
    std::vector<std::string> children(const std::string& path, WatchListener watch = {},
                                      ZkStat* parentStat = nullptr);
    /// One operation of an atomic multi(): a version check or a conditional set.
    struct Op {
        enum class Type { Check, Set };
        Type type = Type::Set;
        std::string path;
        std::string data;
        int version = -1;
    };
    /// All ops succeed or none does. Throws the first failing op's error (e.g. BadVersion).
    void multi(const std::vector<Op>& ops);

    /// Creates every missing persistent ancestor and the node itself.
    void ensurePath(const std::string& path);
    /// Deletes a node and its subtree (for tests and demo clean-up).
    void removeRecursive(const std::string& path);
    /// The node's ACL. Throws NotFound.
    std::vector<ZkAclEntry> getAcl(const std::string& path);
    /// Replaces the node's ACL (needs ADMIN on it). Throws NotFound, NoAuth.
    void setAcl(const std::string& path, const std::vector<ZkAclEntry>& acl, int version = -1);

    /// Closes the session now: its ephemeral nodes are deleted by the server.
    void close();

    struct Completion;
    struct WatchContext;

private:
    static void globalWatcher(zhandle_t* zh, int type, int state, const char* path, void* ctx);
    static void pathWatcher(zhandle_t* zh, int type, int state, const char* path, void* ctx);
    void onState(int zooState);
    /// The member the session is connected to now (address literal, port); port 0 when none.
    HostPort connectedAddress() const;
    /// The address the C client is connected to (a relay's, with TLS or a tunnel).
    HostPort plainConnectedAddress() const;
    std::shared_ptr<Completion> startOp() const;
    /// Until c is done: false at the operation timeout (sooner once this thread's
    /// CallInterrupt token is stopped and the server has had its grace).
    bool waitDone(std::unique_lock<std::mutex>& lock, Completion& c) const;
    void wait(const std::shared_ptr<Completion>& c, const char* op, const std::string& path) const;
    void throwFor(int rc, const char* op, const std::string& path) const;
    void* registerWatch(WatchListener listener);

    ZooKeeperUri m_uri;
    Options m_options;
    zhandle_t* m_zh = nullptr;
    /// zookeeper+tls:// or an SSH tunnel: one loopback relay per member, in the URI's order
    /// (the C client speaks plain TCP only). Destroyed after the handle.
    std::vector<std::unique_ptr<RelayListener>> m_relays;
    std::atomic<State> m_state{State::Connecting};
    mutable std::mutex m_mutex; // guards m_listener, m_stateCv waits, m_watches
    StateListener m_listener;
    std::map<uint64_t, std::unique_ptr<WatchContext>> m_watches;
    uint64_t m_nextWatchId = 1;
    std::shared_ptr<Completion> m_connected;
    std::mutex m_aclMutex;                                         // guards m_inheritedAcl
    std::map<std::string, std::vector<ZkAclEntry>> m_inheritedAcl; ///< parent path -> its ACL
};

} // namespace lockscope
