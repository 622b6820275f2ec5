package io.meshdoctor.snapshot;

/**
 * Something the snapshot could not take in: a whole kind that could not be read, or one object that
 * could not be interpreted. The analysis reports these instead of failing.
 */
public record InputProblem(Type type, InputKind kind, ObjectRef object, Origin origin, String detail) {
  public enum Type {
    UNREADABLE_KIND,
    UNINTERPRETABLE_OBJECT
  }

  public static InputProblem unreadableKind(InputKind kind, String detail) {
    return new InputProblem(Type.UNREADABLE_KIND, kind, null, null, detail);
  }

  public static InputProblem uninterpretable(ObjectRef object, Origin origin, String detail) {
    return new InputProblem(Type.UNINTERPRETABLE_OBJECT, null, object, origin, detail);
  }
}
