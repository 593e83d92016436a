"""``python -m autograder COMMAND``: build, grade, gradescope, check, demo. Run from the course root."""

import argparse
import os
import sys

from autograder.engine.i18n import LANGUAGES, language_named, use_language

# Parallelism is one grading worker per core; BLAS threads on top of that thrash a small
# machine (08's training ran 20x slower with OpenBLAS's default). Set before numpy loads.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")


LANGUAGE_HELP = (f"the language of what students read: {' or '.join(LANGUAGES)} (default: $AUTOGRADER_LANGUAGE, "
                 "else the course's c.Autograder.language, else en)")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="sync solutions into the source notebooks and release every assignment")
    build.add_argument("--check", action="store_true", help="only report stale notebooks or releases; change nothing")

    grade = commands.add_parser("grade", help="grade submission files, or a whole nbgrader course (--course)")
    grade.add_argument("--assignment", required=True, help="assignment ID, e.g. 05_adaptive_optimizers")
    grade.add_argument("--json", metavar="OUT", help="write the results as JSON to OUT")
    grade.add_argument("--jobs", type=int, default=None, help="parallel workers (default: one per core)")
    grade.add_argument("--course", metavar="DIR", help="grade every DIR/submitted/<student>/ID/ into nbgrader's gradebook")
    grade.add_argument("paths", nargs="*", metavar="PATH", help="submission files (.ipynb or .py)")
    grade.add_argument("--language", type=language_named, metavar="LANGUAGE", help=LANGUAGE_HELP)

    gradescope = commands.add_parser("gradescope", help="package an assignment as a Gradescope autograder (zip)")
    gradescope.add_argument("--assignment", required=True, help="assignment ID, e.g. 05_adaptive_optimizers")
    target = gradescope.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", metavar="ZIP", help="write the autograder zip (setup.sh, run_autograder) to ZIP")
    target.add_argument("--grade", metavar="DIR", help=argparse.SUPPRESS)  # run_autograder's step, in the container

    check = commands.add_parser("check", help="a student's self-check of a notebook with the public checks")
    check.add_argument("notebook")
    check.add_argument("--language", type=language_named, metavar="LANGUAGE", help=LANGUAGE_HELP)

    commands.add_parser("demo", help="build the course, grade the bundled sample class, print the report")

    args = parser.parse_args(argv)
    if args.command == "grade":  # the course's setting: the course root given, or this folder
        from autograder.course.settings import read_course_config, use_course_language
        use_course_language(read_course_config(args.course or "."), args.language)
    elif args.command == "check":
        use_language(args.language)
    if args.command == "build":
        from autograder.course import build as command
    elif args.command == "grade" and args.course:
        from autograder.course import class_grading as command
    elif args.command == "grade":
        from autograder.engine import grade as command
    elif args.command == "gradescope":
        from autograder.course import gradescope as command
    elif args.command == "check":
        from autograder.course import selfcheck as command
    else:
        from autograder.course import demo as command
    return command.run(args)


if __name__ == "__main__":
    sys.exit(main())
