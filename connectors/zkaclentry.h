#pragma once

#include <QString>
#include <string>

namespace lockscope {

/// One entry of a znode's ACL: who (scheme and id) may do what (perms, ZooKeeper's bits).
struct ZkAclEntry {
    /// ZooKeeper's permission bits (ZOO_PERM_*; those are extern consts, not usable in
    /// constant expressions).
    static constexpr int kRead = 1;
    static constexpr int kWrite = 2;
    static constexpr int kCreate = 4;
    static constexpr int kDelete = 8;
    static constexpr int kAdmin = 16;
    static constexpr int kAll = 31;

    std::string scheme; ///< "digest", "world", "ip", "auth"
    std::string id;     ///< digest: "user:base64(sha1(user:password))"; world: "anyone"
    int perms = 0;

    /// A digest identity: the id holds the password's hash, never the password.
    static ZkAclEntry digest(const QString& user, const QString& password, int perms);
    /// "rd", "rwcd", "rwcda": perms as zkCli prints them.
    static QString permsName(int perms);
    bool operator==(const ZkAclEntry& o) const = default;
};

} // namespace lockscope
