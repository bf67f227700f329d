#include "connectors/zksession.h"

#include "connectors/callinterrupt.h"
#include "connectors/connectorerror.h"
#include "connectors/endpointmemory.h"
#include "connectors/logging.h"
#include "connectors/transport/relaylistener.h"
#include "connectors/transport/securechannel.h"
#include "connectors/zkfourletter.h"

#include <QRandomGenerator>

#include <algorithm>
#include <arpa/inet.h>
#include <condition_variable>
#include <cstring>
#include <netinet/in.h>
#include <thread>
#include <zookeeper/zookeeper.h>

namespace lockscope {

/// One outstanding asynchronous operation. Shared between the caller, who may give up at its
/// deadline, and the C client's completion thread, which always finishes it later.
struct ZkSession::Completion {
    std::mutex mutex;
    std::condition_variable_any cv; ///< waited on with this thread's CallInterrupt token
    bool done = false;
    int rc = ZOK;
    std::string str;
    ZkStat stat;
    std::vector<std::string> strings;
    std::vector<zoo_op_result_t> results; // multi(): written by the C client at completion
    std::vector<Stat> stats;

    void finish(int result) {
        std::lock_guard lock(mutex);
        rc = result;
        done = true;
        cv.notify_all();
    }
};

struct ZkSession::WatchContext {
    ZkSession* session;
    uint64_t id;
    WatchListener listener;
};

namespace {

using Holder = std::shared_ptr<ZkSession::Completion>;

Holder* newHolder(const Holder& c) {
    return new Holder(c);
}

std::unique_ptr<Holder> takeHolder(const void* data) {
    return std::unique_ptr<Holder>(static_cast<Holder*>(const_cast<void*>(data)));
}

ZkStat convert(const Stat* s) {
    ZkStat out;
    if (!s)
        return out;
    out.czxid = s->czxid;
    out.mzxid = s->mzxid;
    out.ctimeMs = s->ctime;
    out.mtimeMs = s->mtime;
    out.version = s->version;
    out.cversion = s->cversion;
    out.ephemeralOwner = s->ephemeralOwner;
    out.dataLength = s->dataLength;
    out.numChildren = s->numChildren;
    return out;
}

void voidDone(int rc, const void* data) {
    auto h = takeHolder(data);
    (*h)->finish(rc);
}

void statDone(int rc, const Stat* stat, const void* data) {
    auto h = takeHolder(data);
    if (rc == ZOK)
        (*h)->stat = convert(stat);
    (*h)->finish(rc);
}

void dataDone(int rc, const char* value, int len, const Stat* stat, const void* data) {
    auto h = takeHolder(data);
    if (rc == ZOK) {
        if (value && len > 0)
            (*h)->str.assign(value, static_cast<size_t>(len));
        (*h)->stat = convert(stat);
    }
    (*h)->finish(rc);
}

void stringStatDone(int rc, const char* value, const Stat* stat, const void* data) {
    auto h = takeHolder(data);
    if (rc == ZOK) {
        if (value)
            (*h)->str = value;
        (*h)->stat = convert(stat);
    }
    (*h)->finish(rc);
}

void stringsStatDone(int rc, const String_vector* strings, const Stat* stat, const void* data) {
    auto h = takeHolder(data);
    if (rc == ZOK) {
        if (strings)
            for (int i = 0; i < strings->count; ++i)
                (*h)->strings.emplace_back(strings->data[i]);
        (*h)->stat = convert(stat);
    }
    (*h)->finish(rc);
}

/// An ACL as strings: "perms\nscheme\nid" each (Completion keeps strings).
void aclDone(int rc, ACL_vector* acl, Stat* stat, const void* data) {
    auto h = takeHolder(data);
    if (rc == ZOK) {
        if (acl)
            for (int i = 0; i < acl->count; ++i)
                (*h)->strings.push_back(std::to_string(acl->data[i].perms) + '\n' +
                                        acl->data[i].id.scheme + '\n' + acl->data[i].id.id);
        (*h)->stat = convert(stat);
    }
    (*h)->finish(rc);
}

/// The parent of an absolute path ("/" for "/a").
std::string parentOf(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == 0 || slash == std::string::npos ? std::string("/") : path.substr(0, slash);
}

void logCallback(const char* message) {
    qCDebug(lcZooKeeper, "%s", message);
}

int createFlags(ZkSession::CreateMode mode) {
    switch (mode) {
    case ZkSession::CreateMode::Persistent:
        return ZOO_PERSISTENT;
    case ZkSession::CreateMode::Ephemeral:
        return ZOO_EPHEMERAL;
    case ZkSession::CreateMode::PersistentSequential:
        return ZOO_PERSISTENT_SEQUENTIAL;
    case ZkSession::CreateMode::EphemeralSequential:
        return ZOO_EPHEMERAL_SEQUENTIAL;
    }
    return ZOO_PERSISTENT;
}

ZkEvent::Type eventType(int type) {
    if (type == ZOO_CREATED_EVENT)
        return ZkEvent::Type::Created;
    if (type == ZOO_DELETED_EVENT)
        return ZkEvent::Type::Deleted;
    if (type == ZOO_CHANGED_EVENT)
        return ZkEvent::Type::Changed;
    if (type == ZOO_CHILD_EVENT)
        return ZkEvent::Type::Child;
    if (type == ZOO_NOTWATCHING_EVENT)
        return ZkEvent::Type::NotWatching;
    return ZkEvent::Type::Session;
}

/// The C client shuffles the members itself and gives each one two thirds of the session timeout
/// to answer; ZkSession orders them instead (shuffled, those that recently did not answer last:
/// EndpointMemory) and has the client keep that order. Process-wide, set once before any handle.
void keepOurMemberOrder() {
    static std::once_flag once;
    std::call_once(once, [] { zoo_deterministic_conn_order(1); });
}

/// Before a session on an ensemble: asks every member at once for "ruok" under
/// ZkSession::kProbeTimeout. Any answer counts (a server that refuses to run the word says so
/// and closes); one that says nothing (frozen, stuck) or refuses the connection is remembered as
/// failed, so the session tries it last instead of waiting 2/3 of its timeout on it. Skipped
/// while a member is remembered as failed already: the memory orders them then.
void probeMembers(const QList<HostPort>& members, const TlsOptions& tls) {
    if (members.size() < 2 || std::any_of(members.begin(), members.end(), [](const HostPort& m) {
            return EndpointMemory::recentlyFailed(m);
        }))
        return;
    std::vector<char> answered(size_t(members.size()), 0);
    {
        std::vector<std::jthread> probes;
        for (qsizetype i = 0; i < members.size(); ++i)
            probes.emplace_back([&, i] {
                try {
                    ZkFourLetter::ask(members[i].host.toStdString(), members[i].port, "ruok",
                                      ZkSession::kProbeTimeout, tls);
                    answered[size_t(i)] = 1;
                } catch (const ConnectorError&) {
                }
            });
    }
    for (qsizetype i = 0; i < members.size(); ++i)
        if (!answered[size_t(i)])
            EndpointMemory::failed(members[i]);
}

} // namespace

std::chrono::milliseconds ZkSession::memberWait(std::chrono::milliseconds sessionTimeout) {
    return sessionTimeout * 2 / 3;
}

std::chrono::milliseconds ZkSession::connectDeadline(const Options& options, qsizetype members) {
    // With more than one member, one of them may be silent (frozen, stuck): the client waits
    // memberWait() on it before it tries the next. A session must still be had then.
    if (members <= 1)
        return options.connectTimeout;
    return memberWait(options.sessionTimeout) + options.connectTimeout;
}

ZkSession::ZkSession(ZooKeeperUri uri, Options options)
    : m_uri(std::move(uri))
    , m_options(options)
    , m_connected(std::make_shared<Completion>()) {
    zoo_set_debug_level(ZOO_LOG_LEVEL_WARN);
    keepOurMemberOrder();
    QList<HostPort> members = m_uri.hosts;
    for (qsizetype i = members.size() - 1; i > 0; --i)
        members.swapItemsAt(i, QRandomGenerator::global()->bounded(int(i + 1)));
    probeMembers(members, m_uri.tls);
    members = EndpointMemory::ordered(members);
    ZooKeeperUri ordered = m_uri;
    ordered.hosts = members;
    const std::optional<SshTunnel> ssh = SshTunnel::current();
    if (SecureChannel::needed(m_uri.tls, ssh)) {
        // The C client speaks plain TCP to loopback relays; each relay does TLS (and the tunnel)
        // to its member. connectedAddress() maps a relay back to its member.
        for (qsizetype i = 0; i < members.size(); ++i) {
            // Its own deadline shorter than the session's: a silent bastion is named as such.
            m_relays.push_back(std::make_unique<RelayListener>(
                Backend::ZooKeeper, members[i], m_uri.tls, ssh, m_options.connectTimeout * 4 / 5));
            ordered.hosts[i] = m_relays.back()->localEndpoint();
        }
    }
    const QByteArray hosts = ordered.connectString().toUtf8();
    const auto deadline = connectDeadline(m_options, members.size());
    clientid_t resume{};
    if (m_options.resume) {
        resume.client_id = m_options.resume->id;
        std::memcpy(resume.passwd, m_options.resume->password.data(),
                    std::min(sizeof resume.passwd, m_options.resume->password.size()));
    }
    m_zh = zookeeper_init2(hosts.constData(), &ZkSession::globalWatcher,
                           static_cast<int>(m_options.sessionTimeout.count()),
                           m_options.resume ? &resume : nullptr, this, 0, &logCallback);
    if (!m_zh)
        throw ConnectorError(
            Backend::ZooKeeper, ConnectorError::Kind::InvalidArgument, QStringLiteral("connect"),
            QStringLiteral("zookeeper_init failed for '%1': %2")
                .arg(m_uri.connectString(), QString::fromLocal8Bit(strerror(errno))));
    {
        std::unique_lock lock(m_connected->mutex);
        const auto connected = [this] { return m_connected->done; };
        bool ok = false;
        if (m_relays.empty()) {
            ok = m_connected->cv.wait_for(lock, deadline, connected);
        } else {
            // Through relays: once every one of them has failed to forward (a refused
            // certificate or host key, an unreachable bastion), there is nothing to wait for.
            std::vector<int> before;
            for (const auto& relay : m_relays)
                before.push_back(relay->failures());
            const auto until = std::chrono::steady_clock::now() + deadline;
            while (
                !(ok = m_connected->cv.wait_for(lock, std::chrono::milliseconds(50), connected)) &&
                std::chrono::steady_clock::now() < until) {
                bool allFailed = true;
                for (size_t i = 0; i < m_relays.size(); ++i)
                    allFailed = allFailed && m_relays[i]->failures() > before[i];
                if (allFailed)
                    break;
            }
        }
        if (!ok || m_state.load() != State::Connected) {
            const State s = m_state.load();
            lock.unlock();
            close();
            if (!members.isEmpty()) // certainly tried: the next session tries it last
                EndpointMemory::failed(members.front());
            if (s == State::Expired)
                throw ConnectorError(Backend::ZooKeeper, ConnectorError::Kind::SessionExpired,
                                     QStringLiteral("connect"),
                                     QStringLiteral("session expired at once"));
            // A refused certificate or host key says so, not "no session".
            for (const auto& relay : m_relays) {
                const RelayListener::Failure f = relay->lastFailure();
                if (f.kind >= 0)
                    throw ConnectorError(Backend::ZooKeeper, ConnectorError::Kind(f.kind),
                                         f.operation, f.detail);
            }
            throw ConnectorError(
                Backend::ZooKeeper, ConnectorError::Kind::Timeout, QStringLiteral("connect"),
                QStringLiteral("no session with %1 within %2 ms (server down or not answering)")
                    .arg(m_uri.connectString())
                    .arg(deadline.count()));
        }
    }
    // Members are tried in order: those before the one that answered did not. A member is
    // recognised by its port when no other has it, else by its address literal.
    const HostPort at = connectedAddress();
    const auto isConnected = [&](const HostPort& m) {
        if (m.port != at.port)
            return false;
        const auto samePort = std::count_if(members.begin(), members.end(),
                                            [&](const HostPort& o) { return o.port == m.port; });
        return samePort == 1 || m.host == at.host;
    };
    const bool recognised = std::any_of(members.begin(), members.end(), isConnected);
    for (const HostPort& m : std::as_const(members)) {
        if (!recognised)
            break;
        if (isConnected(m)) {
            EndpointMemory::answered(m);
            break;
        }
        EndpointMemory::failed(m);
    }
    if (!m_uri.user.isEmpty()) {
        const QByteArray cert = (m_uri.user + u':' + m_uri.password).toUtf8();
        auto c = startOp();
        auto* holder = newHolder(c);
        const int rc = zoo_add_auth(m_zh, "digest", cert.constData(), static_cast<int>(cert.size()),
                                    &voidDone, holder);
        if (rc != ZOK) {
            takeHolder(holder);
            close();
            throwFor(rc, "addauth", {});
        }
        try {
            wait(c, "addauth", {});
        } catch (...) {
            close();
            throw;
        }
    }
    qCDebug(lcZooKeeper) << "session" << Qt::hex << sessionId() << "connected to"
                         << m_uri.toString();
}

ZkSession::~ZkSession() {
    // A destructor does not call back: the listener's captures may already be gone.
    setStateListener({});
    close();
}

void ZkSession::close() {
    zhandle_t* zh = nullptr;
    {
        std::lock_guard lock(m_mutex);
        zh = m_zh;
        m_zh = nullptr;
    }
    if (zh) {
        // Joins the C client's threads; pending completions finish with ZCLOSING.
        zookeeper_close(zh);
    }
    StateListener listener;
    {
        std::lock_guard lock(m_mutex);
        m_watches.clear();
        listener = m_listener;
    }
    if (m_state.exchange(State::Closed) != State::Closed && listener)
        listener(State::Closed);
}

const char* ZkSession::stateName(State state) {
    switch (state) {
    case State::Connecting:
        return "connecting";
    case State::Connected:
        return "connected";
    case State::Expired:
        return "expired";
    case State::AuthFailed:
        return "auth-failed";
    case State::Closed:
        return "closed";
    }
    return "unknown";
}

int ZkSession::connectedPort() const {
    return connectedAddress().port;
}

HostPort ZkSession::connectedAddress() const {
    if (!m_zh)
        return {};
    if (!m_relays.empty()) {
        const HostPort local = plainConnectedAddress();
        for (const auto& relay : m_relays)
            if (relay->localEndpoint().port == local.port)
                return relay->target();
        return {};
    }
    return plainConnectedAddress();
}

HostPort ZkSession::plainConnectedAddress() const {
    if (!m_zh)
        return {};
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (!zookeeper_get_connected_host(m_zh, reinterpret_cast<sockaddr*>(&addr), &len))
        return {};
    char text[INET6_ADDRSTRLEN] = {};
    if (addr.ss_family == AF_INET) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
        inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
        return HostPort{QString::fromLatin1(text), ntohs(in->sin_port)};
    }
    if (addr.ss_family == AF_INET6) {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
        inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
        return HostPort{QString::fromLatin1(text), ntohs(in6->sin6_port)};
    }
    return {};
}

int64_t ZkSession::sessionId() const {
    std::lock_guard lock(m_mutex);
    if (!m_zh)
        return 0;
    const clientid_t* id = zoo_client_id(m_zh);
    return id ? id->client_id : 0;
}

ZkSession::Credentials ZkSession::credentials() const {
    std::lock_guard lock(m_mutex);
    if (!m_zh)
        return {};
    const clientid_t* id = zoo_client_id(m_zh);
    return id ? Credentials{id->client_id, std::string(id->passwd, sizeof id->passwd)}
              : Credentials{};
}

std::chrono::milliseconds ZkSession::negotiatedTimeout() const {
    std::lock_guard lock(m_mutex);
    return std::chrono::milliseconds(m_zh ? zoo_recv_timeout(m_zh) : 0);
}

void ZkSession::setStateListener(StateListener listener) {
    std::lock_guard lock(m_mutex);
    m_listener = std::move(listener);
}

void ZkSession::globalWatcher(zhandle_t*, int type, int state, const char*, void* ctx) {
    if (type == ZOO_SESSION_EVENT && ctx)
        static_cast<ZkSession*>(ctx)->onState(state);
}

void ZkSession::onState(int zooState) {
    State s = State::Connecting;
    if (zooState == ZOO_CONNECTED_STATE)
        s = State::Connected;
    else if (zooState == ZOO_EXPIRED_SESSION_STATE)
        s = State::Expired;
    else if (zooState == ZOO_AUTH_FAILED_STATE)
        s = State::AuthFailed;
    const State old = m_state.exchange(s);
    if (s == State::Connected || s == State::Expired || s == State::AuthFailed)
        m_connected->finish(ZOK);
    if (old == s)
        return;
    qCDebug(lcZooKeeper) << "session state" << stateName(old) << "->" << stateName(s);
    StateListener listener;
    {
        std::lock_guard lock(m_mutex);
        listener = m_listener;
    }
    if (listener)
        listener(s);
}

void ZkSession::pathWatcher(zhandle_t*, int type, int, const char* path, void* ctx) {
    // Session events reach every path watcher too; only node events consume the one-shot watch.
    if (type == ZOO_SESSION_EVENT)
        return;
    auto* wc = static_cast<WatchContext*>(ctx);
    ZkSession* self = wc->session;
    std::unique_ptr<WatchContext> owned;
    {
        std::lock_guard lock(self->m_mutex);
        auto it = self->m_watches.find(wc->id);
        if (it == self->m_watches.end())
            return;
        owned = std::move(it->second);
        self->m_watches.erase(it);
    }
    if (owned->listener)
        owned->listener(ZkEvent{eventType(type), path ? path : ""});
}

void* ZkSession::registerWatch(WatchListener listener) {
    std::lock_guard lock(m_mutex);
    const uint64_t id = m_nextWatchId++;
    auto wc = std::make_unique<WatchContext>(WatchContext{this, id, std::move(listener)});
    void* raw = wc.get();
    m_watches.emplace(id, std::move(wc));
    return raw;
}

std::shared_ptr<ZkSession::Completion> ZkSession::startOp() const {
    const State s = m_state.load();
    if (s == State::Expired)
        throw ConnectorError(Backend::ZooKeeper, ConnectorError::Kind::SessionExpired,
                             QStringLiteral("request"),
                             QStringLiteral("session expired; its ephemeral nodes are gone"));
    if (s == State::Closed || !m_zh)
        throw ConnectorError(Backend::ZooKeeper, ConnectorError::Kind::ConnectionLost,
                             QStringLiteral("request"), QStringLiteral("session is closed"));
    return std::make_shared<Completion>();
}

bool ZkSession::waitDone(std::unique_lock<std::mutex>& lock, Completion& c) const {
    // The operation timeout, or CallInterrupt::kGrace once this thread's token is stopped.
    const std::stop_token stop = CallInterrupt::current();
    const auto deadline = std::chrono::steady_clock::now() + m_options.operationTimeout;
    if (c.cv.wait_until(lock, stop, deadline, [&] { return c.done; }))
        return true;
    if (!stop.stop_requested())
        return false;
    return c.cv.wait_until(
        lock, std::min(deadline, std::chrono::steady_clock::now() + CallInterrupt::kGrace),
        [&] { return c.done; });
}

void ZkSession::wait(const std::shared_ptr<Completion>& c, const char* op,
                     const std::string& path) const {
    std::unique_lock lock(c->mutex);
    if (!waitDone(lock, *c))
        throw ConnectorError(Backend::ZooKeeper, ConnectorError::Kind::Timeout,
                             QString::fromLatin1(op),
                             QStringLiteral("%1: no answer within %2 ms")
                                 .arg(QString::fromStdString(path))
                                 .arg(m_options.operationTimeout.count()));
    const int rc = c->rc;
    lock.unlock();
    if (rc != ZOK)
        throwFor(rc, op, path);
}

void ZkSession::throwFor(int rc, const char* op, const std::string& path) const {
    using K = ConnectorError::Kind;
    K kind = K::Server;
    switch (rc) {
    case ZNONODE:
        kind = K::NotFound;
        break;
    case ZNODEEXISTS:
        kind = K::Exists;
        break;
    case ZBADVERSION:
        kind = K::BadVersion;
        break;
    case ZNOAUTH:
        kind = K::NoAuth;
        break;
    case ZAUTHFAILED:
        kind = K::Auth;
        break;
    case ZCONNECTIONLOSS:
    case ZCLOSING:
    case ZINVALIDSTATE:
        kind = K::ConnectionLost;
        break;
    case ZOPERATIONTIMEOUT:
        kind = K::Timeout;
        break;
    case ZSESSIONEXPIRED:
        kind = K::SessionExpired;
        break;
    case ZBADARGUMENTS:
        kind = K::InvalidArgument;
        break;
    default:
        break;
    }
    QString detail = QString::fromLatin1(zerror(rc));
    if (!path.empty())
        detail = QString::fromStdString(path) + QStringLiteral(": ") + detail;
    throw ConnectorError(Backend::ZooKeeper, kind, QString::fromLatin1(op), detail);
}

std::string ZkSession::create(const std::string& path, const std::string& data, CreateMode mode,
                              ZkStat* stat, Acl acl) {
    // Authenticated: the parent's ACL (an administrator's grant on a lock root reaches every
    // node created below it); kept per parent, so a lock's cycle costs no extra round trip.
    std::vector<ZkAclEntry> entries;
    std::vector<ACL> inheritedEntries;
    ACL_vector inherited{0, nullptr};
    if (acl == Acl::Open && !m_uri.user.isEmpty()) {
        const std::string parent = parentOf(path);
        {
            std::lock_guard lock(m_aclMutex);
            if (const auto it = m_inheritedAcl.find(parent); it != m_inheritedAcl.end())
                entries = it->second;
        }
        if (entries.empty()) {
            try {
                entries = getAcl(parent);
            } catch (const ConnectorError& e) {
                if (e.kind() != ConnectorError::Kind::NotFound)
                    throw;
                // No parent: the create below fails with NotFound, as it would anyway.
            }
            // Without ADMIN on the parent, ZooKeeper redacts digest ids to "user:x": a copy would
            // lock everyone out of the new node. Refused, saying what is missing.
            for (const ZkAclEntry& e : entries)
                if (e.scheme == "digest" && e.id.size() > 2 &&
                    e.id.compare(e.id.size() - 2, 2, ":x") == 0)
                    throw ConnectorError(
                        Backend::ZooKeeper, ConnectorError::Kind::NoAuth, QStringLiteral("create"),
                        QStringLiteral("%1: this identity sees the ACL of %2 redacted: creating "
                                       "nodes under it with the same ACL needs ADMIN there")
                            .arg(QString::fromStdString(path), QString::fromStdString(parent)));
            std::lock_guard lock(m_aclMutex);
            if (!entries.empty())
                m_inheritedAcl[parent] = entries;
        }
        for (const ZkAclEntry& e : entries)
            inheritedEntries.push_back(ACL{
                e.perms, Id{const_cast<char*>(e.scheme.c_str()), const_cast<char*>(e.id.c_str())}});
        inherited =
            ACL_vector{static_cast<int32_t>(inheritedEntries.size()), inheritedEntries.data()};
    }
    // inheritedEntries and entries outlive the call: zoo_acreate2 serialises the ACL at once.
    const ACL_vector* aclVector = inherited.count > 0      ? &inherited
                                  : acl == Acl::CreatorAll ? &ZOO_CREATOR_ALL_ACL
                                                           : &ZOO_OPEN_ACL_UNSAFE;
    auto c = startOp();
    auto* holder = newHolder(c);
    const int rc = zoo_acreate2(m_zh, path.c_str(), data.data(), static_cast<int>(data.size()),
                                aclVector, createFlags(mode), &stringStatDone, holder);
    if (rc != ZOK) {
        takeHolder(holder);
        throwFor(rc, "create", path);
    }
    wait(c, "create", path);
    if (stat)
        *stat = c->stat;
    return c->str;
}

std::optional<ZkNode> ZkSession::get(const std::string& path, WatchListener watch) {
    auto c = startOp();
    auto* holder = newHolder(c);
    const int rc = watch ? zoo_awget(m_zh, path.c_str(), &ZkSession::pathWatcher,
                                     registerWatch(std::move(watch)), &dataDone, holder)
                         : zoo_aget(m_zh, path.c_str(), 0, &dataDone, holder);
    if (rc != ZOK) {
        takeHolder(holder);
        throwFor(rc, "get", path);
    }
    try {
        wait(c, "get", path);
    } catch (const ConnectorError& e) {
        if (e.kind() == ConnectorError::Kind::NotFound)
            return std::nullopt;
        throw;
    }
    return ZkNode{c->str, c->stat};
}

ZkStat ZkSession::set(const std::string& path, const std::string& data, int version) {
    auto c = startOp();
    auto* holder = newHolder(c);
    const int rc = zoo_aset(m_zh, path.c_str(), data.data(), static_cast<int>(data.size()), version,
                            &statDone, holder);
    if (rc != ZOK) {
        takeHolder(holder);
        throwFor(rc, "set", path);
    }
    wait(c, "set", path);
    return c->stat;
}

void ZkSession::remove(const std::string& path, int version) {
    auto c = startOp();
    auto* holder = newHolder(c);
    const int rc = zoo_adelete(m_zh, path.c_str(), version, &voidDone, holder);
    if (rc != ZOK) {
        takeHolder(holder);
        throwFor(rc, "delete", path);
    }
    wait(c, "delete", path);
}

std::optional<ZkStat> ZkSession::exists(const std::string& path, WatchListener watch) {
    auto c = startOp();
    auto* holder = newHolder(c);
    const int rc = watch ? zoo_awexists(m_zh, path.c_str(), &ZkSession::pathWatcher,
                                        registerWatch(std::move(watch)), &statDone, holder)
                         : zoo_aexists(m_zh, path.c_str(), 0, &statDone, holder);
    if (rc != ZOK) {
        takeHolder(holder);
        throwFor(rc, "exists", path);
    }
    try {
        wait(c, "exists", path);
    } catch (const ConnectorError& e) {
        if (e.kind() == ConnectorError::Kind::NotFound)
            return std::nullopt; // the exists-watch stays set and fires on creation
        throw;
    }
    return c->stat;
}

std::vector<std::string> ZkSession::children(const std::string& path, WatchListener watch,
                                             ZkStat* parentStat) {
    auto c = startOp();
    auto* holder = newHolder(c);
    const int rc =
        watch ? zoo_awget_children2(m_zh, path.c_str(), &ZkSession::pathWatcher,
                                    registerWatch(std::move(watch)), &stringsStatDone, holder)
              : zoo_aget_children2(m_zh, path.c_str(), 0, &stringsStatDone, holder);
    if (rc != ZOK) {
        takeHolder(holder);
        throwFor(rc, "children", path);
    }
    wait(c, "children", path);
    if (parentStat)
        *parentStat = c->stat;
    return std::move(c->strings);
}

void ZkSession::multi(const std::vector<Op>& ops) {
    auto c = startOp();
    std::vector<zoo_op_t> zops(ops.size());
    c->results.resize(ops.size());
    c->stats.resize(ops.size());
    for (size_t i = 0; i < ops.size(); ++i) {
        const Op& op = ops[i];
        if (op.type == Op::Type::Check)
            zoo_check_op_init(&zops[i], op.path.c_str(), op.version);
        else
            zoo_set_op_init(&zops[i], op.path.c_str(), op.data.data(),
                            static_cast<int>(op.data.size()), op.version, &c->stats[i]);
    }
    auto* holder = newHolder(c);
    // The request is serialised before zoo_amulti returns; results and stats live in c.
    const int rc = zoo_amulti(m_zh, static_cast<int>(zops.size()), zops.data(), c->results.data(),
                              &voidDone, holder);
    if (rc != ZOK) {
        takeHolder(holder);
        throwFor(rc, "multi", ops.empty() ? std::string() : ops.front().path);
    }
    std::unique_lock lock(c->mutex);
    if (!waitDone(lock, *c))
        throw ConnectorError(
            Backend::ZooKeeper, ConnectorError::Kind::Timeout, QStringLiteral("multi"),
            QStringLiteral("no answer within %1 ms").arg(m_options.operationTimeout.count()));
    const int result = c->rc;
    if (result == ZOK)
        return;
    for (size_t i = 0; i < ops.size(); ++i) {
        if (c->results[i].err != ZOK && c->results[i].err != ZRUNTIMEINCONSISTENCY) {
            const int err = c->results[i].err;
            lock.unlock();
            throwFor(err, "multi", ops[i].path);
        }
    }
    lock.unlock();
    throwFor(result, "multi", {});
}

void ZkSession::ensurePath(const std::string& path) {
    std::string::size_type pos = 0;
    while (pos != std::string::npos) {
        pos = path.find('/', pos + 1);
        const std::string prefix = path.substr(0, pos);
        if (prefix.empty())
            continue;
        try {
            create(prefix, {}, CreateMode::Persistent);
        } catch (const ConnectorError& e) {
            if (e.kind() != ConnectorError::Kind::Exists)
                throw;
        }
    }
}

std::vector<ZkAclEntry> ZkSession::getAcl(const std::string& path) {
    auto c = startOp();
    auto* holder = newHolder(c);
    const int rc = zoo_aget_acl(m_zh, path.c_str(), &aclDone, holder);
    if (rc != ZOK) {
        takeHolder(holder);
        throwFor(rc, "getacl", path);
    }
    wait(c, "getacl", path);
    std::vector<ZkAclEntry> out;
    for (const std::string& s : c->strings) {
        const auto a = s.find('\n');
        const auto b = s.find('\n', a + 1);
        out.push_back(
            ZkAclEntry{s.substr(a + 1, b - a - 1), s.substr(b + 1), std::stoi(s.substr(0, a))});
    }
    return out;
}

void ZkSession::setAcl(const std::string& path, const std::vector<ZkAclEntry>& acl, int version) {
    std::vector<ACL> entries;
    for (const ZkAclEntry& e : acl)
        entries.push_back(
            ACL{e.perms, Id{const_cast<char*>(e.scheme.c_str()), const_cast<char*>(e.id.c_str())}});
    ACL_vector v{static_cast<int32_t>(entries.size()), entries.data()};
    auto c = startOp();
    auto* holder = newHolder(c);
    const int rc = zoo_aset_acl(m_zh, path.c_str(), version, &v, &voidDone, holder);
    if (rc != ZOK) {
        takeHolder(holder);
        throwFor(rc, "setacl", path);
    }
    wait(c, "setacl", path);
    std::lock_guard lock(m_aclMutex);
    m_inheritedAcl.erase(path);
}

void ZkSession::removeRecursive(const std::string& path) {
    std::vector<std::string> kids;
    try {
        kids = children(path);
    } catch (const ConnectorError& e) {
        if (e.kind() == ConnectorError::Kind::NotFound)
            return;
        throw;
    }
    for (const auto& k : kids)
        removeRecursive(path == "/" ? "/" + k : path + "/" + k);
    if (path == "/")
        return;
    try {
        remove(path);
    } catch (const ConnectorError& e) {
        if (e.kind() != ConnectorError::Kind::NotFound)
            throw;
    }
}

} // namespace lockscope
