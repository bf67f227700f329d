// What LockScope reads off a Redis key and its value: RedisScanner's classification of string
// values (LockScope's "lockscope:v1:<token>:<owner>", Redlock's copies, redis-py's token, plain
// SET NX values) and of hashes (Redisson's "<uuid>:<thread>" -> hold count), the value parsers
// under it (RedisLock::parseValue, RedlockLock::parseValue), the key's display and logical
// resource. The input: key, value (or field), hold count, as FuzzedDataProvider strings.
#include "core/backends/redis/redislock.h"
#include "core/backends/redis/redisobservation.h"
#include "core/backends/redis/redisscanner.h"
#include "core/backends/redis/redlocklock.h"
#include "tests/fuzz/fuzzcheck.h"

#include <fuzzer/FuzzedDataProvider.h>

using namespace lockscope;

namespace {

bool allOf(const std::string& s, const char* set) {
    return s.find_first_not_of(set) == std::string::npos;
}

void checkShown(const LockEntry& e, const QString& what) {
    // raw is escaped and bounded: a 256-character head and its marker.
    FUZZ_CHECK(fuzz::unsafe(e.raw).isEmpty(),
               what + QStringLiteral(": raw ") + fuzz::unsafe(e.raw));
    FUZZ_CHECK(e.raw.size() <= 256 + 40 + 40 + 40,
               what + QStringLiteral(": raw of %1 chars").arg(e.raw.size()));
    FUZZ_CHECK(fuzz::unsafe(e.resource).isEmpty(), what + fuzz::unsafe(e.resource));
    FUZZ_CHECK(fuzz::unsafe(e.logicalResource).isEmpty(), what + fuzz::unsafe(e.logicalResource));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    const std::string key = in.ConsumeRandomLengthString(4096);
    const std::string value = in.ConsumeRandomLengthString(1 << 16);
    const std::string count = in.ConsumeRemainingBytesAsString();
    NamespaceConfig config;

    // The key as shown names it exactly.
    const QString shownKey = RedisScanner::displayKey(key);
    const auto keyBack = DisplayText::unescapeBytes(shownKey);
    FUZZ_CHECK(keyBack && keyBack->toStdString() == key, shownKey);
    if (const auto r = RedisLock::resourceOfLockKey(config, key))
        FUZZ_CHECK(RedisLock::lockKeyOf(config, *r) == key, shownKey);

    {
        LockEntry e;
        e.resource = shownKey;
        RedisScanner::classifyString(e, key, value);
        const auto* obs = e.as<RedisObservation>();
        FUZZ_CHECK(obs && obs->key == key && obs->value == value, shownKey);
        QByteArray observed = QByteArray::fromStdString(key);
        observed.append('\0');
        observed.append(QByteArray::fromStdString(value));
        FUZZ_CHECK(e.rawBytes == observed, shownKey);
        FUZZ_CHECK(e.holderBytes == QByteArray::fromStdString(value), shownKey);
        using F = RedisObservation::Format;
        e.logicalResource = RedisScanner::logicalResourceOf(
            config, key, obs->format == F::LockScope || obs->format == F::Redlock);
        checkShown(e, QStringLiteral("string"));
        int64_t token = 0;
        std::string owner;
        switch (obs->format) {
        case F::LockScope:
            FUZZ_CHECK(RedisLock::parseValue(value, &token, &owner) && token > 0 &&
                           e.token == token &&
                           value == "lockscope:v1:" + std::to_string(token) + ":" + owner,
                       e.raw);
            break;
        case F::Redlock: {
            std::chrono::milliseconds lease{0};
            FUZZ_CHECK(RedlockLock::parseValue(value, &lease, &owner) && lease.count() >= 0 &&
                           !owner.empty() && value.rfind("lockscope:redlock:", 0) == 0,
                       e.raw);
            break;
        }
        case F::RedisPy:
            // redis-py's token: exactly 32 lowercase hex digits (uuid4().hex), nothing more.
            FUZZ_CHECK(value.size() == 32 && allOf(value, "0123456789abcdef"), e.raw);
            FUZZ_CHECK(e.holder == QString::fromStdString(value), e.raw);
            break;
        case F::Plain:
        case F::Redisson:
            FUZZ_CHECK(obs->format == F::Plain, e.raw);
            FUZZ_CHECK(fuzz::unsafe(e.holder).isEmpty(), fuzz::unsafe(e.holder));
            break;
        }
    }
    {
        LockEntry e;
        e.resource = shownKey;
        if (RedisScanner::classifyHash(e, config, key, value, count)) {
            // Redisson's field: a 36-character UUID, ':', the thread id.
            const auto colon = value.find(':');
            FUZZ_CHECK(colon == 36 && allOf(value.substr(0, 36), "0123456789abcdef-") &&
                           value.size() > 37 && allOf(value.substr(37), "0123456789"),
                       e.raw);
            FUZZ_CHECK(e.holderBytes == QByteArray::fromStdString(value), e.raw);
            FUZZ_CHECK(e.rawBytes == RedisScanner::observedBytes(
                                         key, RedisScanner::redissonBytes(value, count)),
                       e.raw);
            checkShown(e, QStringLiteral("hash"));
        } else {
            FUZZ_CHECK(!e.observation && e.raw.isEmpty(), e.raw);
        }
    }
    // The value parsers alone, on any text.
    int64_t token = 0;
    std::string owner;
    if (RedisLock::parseValue(value, &token, &owner))
        FUZZ_CHECK(token > 0, QString::fromStdString(value));
    std::chrono::milliseconds lease{0};
    if (RedlockLock::parseValue(value, &lease, &owner))
        FUZZ_CHECK(lease.count() >= 0 && lease.count() < 1000000000000LL,
                   QString::fromStdString(value));
    return 0;
}
