#include "connectors/zkaclentry.h"

#include <QCryptographicHash>

namespace lockscope {

ZkAclEntry ZkAclEntry::digest(const QString& user, const QString& password, int perms) {
    // DigestAuthenticationProvider.generateDigest: user ":" base64(sha1(user ":" password)).
    const QByteArray hash =
        QCryptographicHash::hash((user + u':' + password).toUtf8(), QCryptographicHash::Sha1)
            .toBase64();
    return ZkAclEntry{"digest", (user + u':').toStdString() + hash.toStdString(), perms};
}

QString ZkAclEntry::permsName(int perms) {
    QString out;
    const std::pair<int, char> bits[] = {
        {kRead, 'r'}, {kWrite, 'w'}, {kCreate, 'c'}, {kDelete, 'd'}, {kAdmin, 'a'}};
    for (const auto& [bit, letter] : bits)
        if (perms & bit)
            out += QLatin1Char(letter);
    return out;
}

} // namespace lockscope
