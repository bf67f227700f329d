#pragma once

#include "connectors/zkstat.h"
#include "core/backends/lockbackend.h"
#include "core/backends/zookeeper/zookeeperobservation.h"
#include "core/monitor/lockentry.h"
#include "core/monitor/monitorconfig.h"

#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

namespace lockscope {

class ZkSession;

/// Lock directories under the configured roots: a directory whose children are sequential
/// nodes is a lock; the lowest sequence holds it and the rest wait, in order. Recognises
/// LockScope's nodes (_c_<32 hex>-lock-), Curator's InterProcessMutex (_c_<uuid>-lock-) and
/// kazoo's Lock (<32 hex>__lock__). Leaves child watches so that a change is reported at once
/// (onChange, called on the ZooKeeper client's thread), one armed watch per directory at most.
class ZooKeeperScanner : public BackendScanner {
public:
    explicit ZooKeeperScanner(const MonitorConfig& config, std::function<void()> onChange = {});
    ~ZooKeeperScanner() override;
    ScanResult scan() override;
    /// Which recipe made a contender node, from its name.
    static ZooKeeperObservation::Recipe recipeOf(const std::string& nodeName);
    /// What a lock directory locks, from LockScope's layout: "cart:42" for
    /// /<ns>/locks/cart:42 ('/' and '%' unescaped) in the configured namespace, or in another
    /// namespace when the holder is LockScope's recipe; the directory itself otherwise.
    static QString logicalResourceOf(const NamespaceConfig& config, const std::string& dir,
                                     bool lockScopeRecipe);
    /// The holder node as observed: "<path>\0czxid=<n> ephemeralOwner=<n> version=<n>\0<data>".
    static QByteArray observedBytes(const ZooKeeperObservation& obs, const std::string& data);
    /// The entry of a lock directory's holder node (its contender named name, read as node):
    /// recipe, holder, token, raw text (escaped and bounded), flags under config.stale, logical
    /// resource and observed bytes. The waiters are the caller's.
    static void classifyNode(LockEntry& e, const MonitorConfig& config, const std::string& dir,
                             const std::string& name, const ZkNode& node);

private:
    void scanDir(const std::string& dir, const std::vector<std::string>& children,
                 std::vector<LockEntry>& out);
    std::vector<std::string> childrenWatched(const std::string& path);
    /// A lock root that does not exist yet: a watch on its creation (the first lock under a new
    /// namespace is reported at once, not at the next timed scan).
    void creationWatched(const std::string& path);

    MonitorConfig m_config;
    std::function<void()> m_onChange;
    std::unique_ptr<ZkSession> m_session;
    std::shared_ptr<std::mutex> m_armedMutex = std::make_shared<std::mutex>();
    std::shared_ptr<std::set<std::string>> m_armed = std::make_shared<std::set<std::string>>();
};

} // namespace lockscope
