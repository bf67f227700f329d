#pragma once

#include <string>
#include <vector>

struct redisReply;

namespace lockscope {

/// A Redis reply copied out of hiredis's tree into a value type.
struct RedisReply {
    enum class Type { Nil, Integer, String, Status, Error, Array };
    Type type = Type::Nil;
    long long integer = 0;
    std::string str; ///< String, Status and Error text
    std::vector<RedisReply> elements;

    static RedisReply fromHiredis(const redisReply* reply);

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
