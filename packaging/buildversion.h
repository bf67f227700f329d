#pragma once

#include <QString>

namespace lockscope {

/// What this build is: the version of CMake's project() and, when it was built from a git work
/// tree, `git describe --always --dirty` taken at build time (empty when built from a tarball).
/// The definitions are generated into the build directory (packaging/buildversion.cpp.in), so a
/// new commit relinks the two executables and nothing else.
class BuildVersion {
public:
    /// "0.1.0": the project() VERSION.
    static QString version();
    /// "26fb01c5d1-dirty", or "" when the sources were not a git work tree.
    static QString gitDescribe();
    /// "0.1.0", or "0.1.0 (git 26fb01c5d1-dirty)": what an About box shows.
    static QString full();
    /// What --version prints: "<program> 0.1.0", then "git 26fb01c5d1-dirty" on a line of its
    /// own when known (help2man takes the version from the first line's last word).
    static QString versionText(const QString& program);
};

} // namespace lockscope
