/* version.h: the version mentorstat reports and stores in analysis_run. */
#ifndef MS_VERSION_H
#define MS_VERSION_H
#define MENTORSTAT_VERSION "0.1.0"
#endif
