//! Task-local values: declared as statics, bound for a block with `with`, inherited by every
//! task spawned inside the binding (the spawner's bindings are captured at the spawn).

use crate::context;
use std::marker::PhantomData;
use std::sync::OnceLock;

/// A task-local value of type `T`; declare with [`task_local!`](crate::task_local).
pub struct TaskLocal<T: 'static> {
    init: fn() -> T,
    default: OnceLock<T>,
}

impl<T: Send + Sync + 'static> TaskLocal<T> {
    /// `init` gives the value seen where nothing is bound; it runs at most once.
    pub const fn new(init: fn() -> T) -> Self {
        TaskLocal {
            init,
            default: OnceLock::new(),
        }
    }

    /// The address of the static is the key: unique and stable for the program's life.
    fn key(&'static self) -> usize {
        self as *const Self as usize
    }

    /// Read the value through a reference (for values that are not `Clone`).
    pub fn with_ref<R>(&'static self, f: impl FnOnce(&T) -> R) -> R {
        let locals = context::current_locals();
        locals.find(self.key(), |v| {
            match v.and_then(|v| v.downcast_ref::<T>()) {
                Some(v) => f(v),
                None => f(self.default.get_or_init(self.init)),
            }
        })
    }

    /// The innermost binding's value, or the declared initial value.
    pub fn get(&'static self) -> T
    where
        T: Clone,
    {
        self.with_ref(T::clone)
    }

    /// Bind the value to `value` while `f` runs (and in every task spawned in it).
    pub fn bind<R>(&'static self, value: T, f: impl FnOnce() -> R) -> R {
        let _binding = self.enter(value);
        f()
    }

    /// Bind the value to `value` until the returned guard drops: the closure-free form of
    /// `bind`, so that `return`, `break` and `?` in a `with` block keep their meaning in the
    /// generated code (`let _with = NAME.enter(v);` at the top of the block). Guards must drop
    /// in reverse order of creation, as block-scoped `let`s do.
    pub fn enter(&'static self, value: T) -> Binding {
        let locals = context::current_locals().bind(self.key(), Box::new(value));
        Binding {
            _restore: context::enter_locals(locals),
            _not_send: PhantomData,
        }
    }
}

/// A task-local binding in force until it drops (see [`TaskLocal::enter`]). It restores the
/// thread's previous bindings, so it stays on the thread that made it.
#[must_use = "the binding ends when this guard is dropped"]
pub struct Binding {
    _restore: context::Restore,
    _not_send: PhantomData<*const ()>,
}

/// `with NAME = value { ... }`: `NAME.bind(value, f)`.
pub fn with<T: Send + Sync + 'static, R>(
    key: &'static TaskLocal<T>,
    value: T,
    f: impl FnOnce() -> R,
) -> R {
    key.bind(value, f)
}

/// Declare task-locals: `aurora_std::task_local! { pub static REQUEST_ID: u64 = 0; }`.
#[macro_export]
macro_rules! task_local {
    () => {};
    ($(#[$attr:meta])* $vis:vis static $name:ident: $t:ty = $init:expr $(; $($rest:tt)*)?) => {
        $(#[$attr])*
        $vis static $name: $crate::TaskLocal<$t> = $crate::TaskLocal::new(|| $init);
        $($crate::task_local!($($rest)*);)?
    };
}
