/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfobject.h - WDF object attributes, typed contexts and WdfObjectDelete.
 *
 * Every WDF object carries an optional context (driver-defined, zeroed,
 * allocated with the object), cleanup and destroy callbacks and a parent.
 * Deleting a parent deletes its children first, newest first.
 */
#ifndef _WDFSHIM_WDFOBJECT_H
#define _WDFSHIM_WDFOBJECT_H

#include "wdftypes.h"

typedef enum _WDF_EXECUTION_LEVEL {
	WdfExecutionLevelInvalid = 0,
	WdfExecutionLevelInheritFromParent,
	WdfExecutionLevelPassive,
	WdfExecutionLevelDispatch,
} WDF_EXECUTION_LEVEL;

typedef enum _WDF_SYNCHRONIZATION_SCOPE {
	WdfSynchronizationScopeInvalid = 0,
	WdfSynchronizationScopeInheritFromParent,
	WdfSynchronizationScopeDevice,
	WdfSynchronizationScopeQueue,
	WdfSynchronizationScopeNone,
} WDF_SYNCHRONIZATION_SCOPE;

typedef VOID EVT_WDF_OBJECT_CONTEXT_CLEANUP(WDFOBJECT Object);
typedef EVT_WDF_OBJECT_CONTEXT_CLEANUP *PFN_WDF_OBJECT_CONTEXT_CLEANUP;
typedef VOID EVT_WDF_OBJECT_CONTEXT_DESTROY(WDFOBJECT Object);
typedef EVT_WDF_OBJECT_CONTEXT_DESTROY *PFN_WDF_OBJECT_CONTEXT_DESTROY;

typedef struct _WDF_OBJECT_CONTEXT_TYPE_INFO {
	ULONG Size;
	PCSTR ContextName;
	size_t ContextSize;
	const struct _WDF_OBJECT_CONTEXT_TYPE_INFO *UniqueType;
	PVOID EvtDriverGetUniqueContextType;	/* unused on Linux */
} WDF_OBJECT_CONTEXT_TYPE_INFO, *PWDF_OBJECT_CONTEXT_TYPE_INFO;
typedef const WDF_OBJECT_CONTEXT_TYPE_INFO *PCWDF_OBJECT_CONTEXT_TYPE_INFO;

typedef struct _WDF_OBJECT_ATTRIBUTES {
	ULONG Size;
	PFN_WDF_OBJECT_CONTEXT_CLEANUP EvtCleanupCallback;
	PFN_WDF_OBJECT_CONTEXT_DESTROY EvtDestroyCallback;
	WDF_EXECUTION_LEVEL ExecutionLevel;
	WDF_SYNCHRONIZATION_SCOPE SynchronizationScope;
	WDFOBJECT ParentObject;
	size_t ContextSizeOverride;
	PCWDF_OBJECT_CONTEXT_TYPE_INFO ContextTypeInfo;
} WDF_OBJECT_ATTRIBUTES, *PWDF_OBJECT_ATTRIBUTES;

static inline VOID WDF_OBJECT_ATTRIBUTES_INIT(PWDF_OBJECT_ATTRIBUTES Attributes)
{
	*Attributes = (WDF_OBJECT_ATTRIBUTES) {
		.Size = sizeof(WDF_OBJECT_ATTRIBUTES),
		.ExecutionLevel = WdfExecutionLevelInheritFromParent,
		.SynchronizationScope = WdfSynchronizationScopeInheritFromParent,
	};
}

/*
 * A context type is identified by its type-info record. C has no
 * selectany, so each translation unit gets its own copy of the record;
 * wdfshim matches records by name and size, which is what makes a context
 * declared in a shared header usable from every file of a driver.
 */
#define WDF_TYPE_NAME_TO_TYPE_INFO(_contexttype) _WDF_##_contexttype##_TYPE_INFO
#define WDF_GET_CONTEXT_TYPE_INFO(_contexttype) \
	(&WDF_TYPE_NAME_TO_TYPE_INFO(_contexttype))

#define WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(_contexttype, _castingfunction)	\
static const struct _WDF_OBJECT_CONTEXT_TYPE_INFO __maybe_unused		\
	WDF_TYPE_NAME_TO_TYPE_INFO(_contexttype) = {				\
	.Size = sizeof(WDF_OBJECT_CONTEXT_TYPE_INFO),				\
	.ContextName = #_contexttype,						\
	.ContextSize = sizeof(_contexttype),					\
};										\
static inline _contexttype * __maybe_unused					\
_castingfunction(WDFOBJECT Handle)						\
{										\
	return (_contexttype *)WdfObjectGetTypedContextWorker(Handle,		\
				WDF_GET_CONTEXT_TYPE_INFO(_contexttype));	\
}

#define WDF_DECLARE_CONTEXT_TYPE(_contexttype) \
	WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(_contexttype, WdfObjectGet_##_contexttype)

#define WDF_OBJECT_ATTRIBUTES_SET_CONTEXT_TYPE(_attributes, _contexttype) \
	((_attributes)->ContextTypeInfo = WDF_GET_CONTEXT_TYPE_INFO(_contexttype))

static inline VOID
wdfshim_attributes_init_context(PWDF_OBJECT_ATTRIBUTES Attributes,
				PCWDF_OBJECT_CONTEXT_TYPE_INFO TypeInfo)
{
	WDF_OBJECT_ATTRIBUTES_INIT(Attributes);
	Attributes->ContextTypeInfo = TypeInfo;
}

#define WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(_attributes, _contexttype) \
	wdfshim_attributes_init_context(_attributes,			\
					WDF_GET_CONTEXT_TYPE_INFO(_contexttype))

#define WdfObjectGetTypedContext(handle, type) \
	((type *)WdfObjectGetTypedContextWorker((WDFOBJECT)(handle), \
						WDF_GET_CONTEXT_TYPE_INFO(type)))

PVOID WdfObjectGetTypedContextWorker(WDFOBJECT Handle,
				     PCWDF_OBJECT_CONTEXT_TYPE_INFO TypeInfo);
WDFOBJECT WdfObjectContextGetObject(PVOID ContextPointer);
VOID WdfObjectDelete(WDFOBJECT Object);

#endif /* _WDFSHIM_WDFOBJECT_H */
