// RedisUri::parse and RedisUri::parseList on any text: only UriError may escape, and what parses
// round-trips through toString(true) / listToString(true) to the same URI(s).
#include "connectors/redisuri.h"
#include "connectors/urierror.h"
#include "tests/fuzz/fuzzcheck.h"

using namespace lockscope;

namespace {

bool same(const RedisUri& a, const RedisUri& b) {
    if (a.nodes.size() != b.nodes.size())
        return false;
    for (qsizetype i = 0; i < a.nodes.size(); ++i)
        if (a.nodes[i].host != b.nodes[i].host || a.nodes[i].port != b.nodes[i].port)
            return false;
    return a.topology == b.topology && a.user == b.user && a.password == b.password &&
           a.host == b.host && a.port == b.port && a.db == b.db && a.primaryName == b.primaryName;
}

void checkOne(const QString& input) {
    RedisUri uri;
    try {
        uri = RedisUri::parse(input);
    } catch (const UriError&) {
        return;
    }
    FUZZ_CHECK(uri.port >= 1 && uri.port <= 65535, input);
    FUZZ_CHECK(uri.db >= 0, input);
    FUZZ_CHECK(!uri.host.isEmpty(), input);
    const QString written = uri.toString(true);
    RedisUri again;
    try {
        again = RedisUri::parse(written);
    } catch (const UriError& e) {
        FUZZ_CHECK(false, QStringLiteral("'%1' parsed, its toString '%2' does not: %3")
                              .arg(input, written, e.message()));
    }
    FUZZ_CHECK(same(uri, again),
               QStringLiteral("'%1' -> '%2' -> '%3'").arg(input, written, again.toString(true)));
    // The masked form shows "***" where the password was, the rest unchanged.
    if (!uri.password.isEmpty()) {
        RedisUri masked;
        try {
            masked = RedisUri::parse(uri.toString(false));
        } catch (const UriError& e) {
            FUZZ_CHECK(false,
                       QStringLiteral("masked '%1': %2").arg(uri.toString(false), e.message()));
        }
        masked.password = uri.password;
        FUZZ_CHECK(same(uri, masked), uri.toString(false));
    }
}

void checkList(const QString& input) {
    QList<RedisUri> list;
    try {
        list = RedisUri::parseList(input);
    } catch (const UriError&) {
        return;
    }
    FUZZ_CHECK(list.size() >= RedisUri::kMinRedlockServers, input);
    const QString written = RedisUri::listToString(list, true);
    QList<RedisUri> again;
    try {
        again = RedisUri::parseList(written);
    } catch (const UriError& e) {
        FUZZ_CHECK(false, QStringLiteral("list '%1' parsed, its listToString '%2' does not: %3")
                              .arg(input, written, e.message()));
    }
    FUZZ_CHECK(again.size() == list.size(), QStringLiteral("'%1' -> '%2'").arg(input, written));
    for (qsizetype i = 0; i < list.size(); ++i)
        FUZZ_CHECK(same(list[i], again[i]), QStringLiteral("'%1' -> '%2'").arg(input, written));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const QString input = fuzz::text(data, size);
    checkOne(input);
    checkList(input);
    return 0;
}
