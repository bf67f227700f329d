#pragma once

#include <string>
#include <vector>

struct redisReply;
struct redisReader;

namespace lockscope {

/// A Redis reply copied out of hiredis's tree into a value type.
struct RedisReply {
    enum class Type { Nil, Integer, String, Status, Error, Array };
    Type type = Type::Nil;
    long long integer = 0;
    std::string str; ///< String, Status and Error text
    std::vector<RedisReply> elements;

    static RedisReply fromHiredis(const redisReply* reply);

    /// Most elements one array of a reply may announce. hiredis allocates an array's element
    /// pointers as soon as its header "*<count>" is read, before any element arrives: 20 bytes
    /// from a hostile or broken server would otherwise make the client allocate gigabytes.
    /// 4M elements (32 MB) is far above any reply LockScope asks for (a SCAN batch, a pipeline's
    /// reply, a lock's hash).
    static constexpr int kMaxArrayElements = 1 << 22;
    /// Makes reader (a context's, or one of its own) refuse an array announcing more than
    /// kMaxArrayElements: the read fails as a protocol error ("Out of memory", hiredis' word for
    /// an allocation it could not make) and the connection is dropped.
    static void limitReader(redisReader* reader);

    bool isNil() const { return type == Type::Nil; }
    bool isError() const { return type == Type::Error; }
    bool isString() const { return type == Type::String; }
    bool isInteger() const { return type == Type::Integer; }
    bool isArray() const { return type == Type::Array; }
    bool isOk() const { return type == Type::Status && str == "OK"; }
    /// An ACL refusal: "NOPERM ..." (a command, a key or a channel the user may not use), also
    /// when a script's redis.call() was refused ("... NOPERM ... script: ...").
    bool isNoPerm() const { return type == Type::Error && str.find("NOPERM") != std::string::npos; }
};

} // namespace lockscope
