# Run at every build (cmake -P): writes OUTPUT from TEMPLATE with the project's VERSION and, when
# SOURCE_DIR is a git work tree of its own, `git describe --always --dirty`. A tarball (no .git
# in SOURCE_DIR) or a machine without git gives an empty describe, never an error. OUTPUT is only
# rewritten when its text changes, so an unchanged describe rebuilds nothing.
set(LOCKSCOPE_VERSION "${VERSION}")
set(LOCKSCOPE_GIT_DESCRIBE "")
# A work tree's .git is a directory, a worktree's a file: either says "this is the repository's
# root" (a tarball unpacked inside another repository must not take that repository's describe).
if(GIT_EXECUTABLE AND EXISTS "${SOURCE_DIR}/.git")
    execute_process(
        COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" describe --always --dirty --abbrev=10
        OUTPUT_VARIABLE describe
        OUTPUT_STRIP_TRAILING_WHITESPACE
        ERROR_QUIET
        RESULT_VARIABLE rc)
    if(rc EQUAL 0 AND describe MATCHES "^[A-Za-z0-9._+-]+$")
        set(LOCKSCOPE_GIT_DESCRIBE "${describe}")
    endif()
endif()
configure_file("${TEMPLATE}" "${OUTPUT}.new" @ONLY)
file(COPY_FILE "${OUTPUT}.new" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.new")
