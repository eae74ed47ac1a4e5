#version 330
// Vitrine's lit surface shader: vertex stage.
uniform mat4 p3d_ModelViewProjectionMatrix;
uniform mat4 p3d_ModelViewMatrix;
uniform mat3 p3d_NormalMatrix;

in vec4 p3d_Vertex;
in vec3 p3d_Normal;
in vec4 p3d_Color;
in vec2 p3d_MultiTexCoord0;
in vec4 p3d_Tangent;

out vec3 v_position;
out vec3 v_normal;
out vec4 v_color;
out vec2 v_uv;
out vec4 v_tangent;

void main() {
    vec4 view = p3d_ModelViewMatrix * p3d_Vertex;
    v_position = view.xyz;
    v_normal = normalize(p3d_NormalMatrix * p3d_Normal);
    v_color = p3d_Color;
    v_uv = p3d_MultiTexCoord0;
    v_tangent = vec4(normalize(p3d_NormalMatrix * p3d_Tangent.xyz + vec3(1e-6)), p3d_Tangent.w);
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
}
